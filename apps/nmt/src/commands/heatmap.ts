import { dirname, join } from 'node:path';
import { translate } from '@heed/models';
import type { BackendName } from '@heed/recipe';
import { oneOf, positiveInteger } from '@heed/recipe/cli';
import { loadSplits } from '@heed/recipe/node';
import type { Command } from 'commander';
import type { CommandOutput } from '../cli/output';
import { NmtError } from '../errors';
import { checkedArguments, readInputFile } from '../input/checked-sentences';
import { type HeatmapFormat, writeHeatmaps } from '../visualization/heatmaps';
import {
  addDecodingOptions,
  type DecodingFlags,
  translateOptions,
  withDecodingConfig,
} from './decoding-options';
import { addCheckpointOptions, openCheckpoint } from './open-checkpoint';

interface HeatmapFlags extends DecodingFlags {
  checkpoint: string;
  backend?: BackendName;
  input?: string;
  count?: number;
  outDir?: string;
  format?: HeatmapFormat;
}

/** `heed-nmt heatmap`: attention heat maps (SVG and an HTML report) for given sentences. */
export function registerHeatmap(program: Command, output: CommandOutput): void {
  const command = program
    .command('heatmap')
    .summary('write attention heat maps (SVG + HTML) for sentences')
    .description(
      "Translate sentences and draw the attention of each translation over its source: one SVG per sentence and an offline HTML report with all of them. Sentences come from the arguments, from --input, or else the first --count pairs of the checkpoint's test split. Prints the paths it wrote.",
    )
    .argument('[sentences...]', 'sentences to draw')
    .option('-i, --input <file>', 'read sentences from a file, one per line')
    .option(
      '--count <n>',
      'without sentences: how many test sentences to draw (default: 4)',
      positiveInteger,
    )
    .option('--out-dir <dir>', 'where to write (default: <checkpoint>/../heatmaps)')
    .option(
      '--format <format>',
      'svg, html, or both (default: both)',
      oneOf(['svg', 'html', 'both'] as const),
    );
  addCheckpointOptions(command);
  addDecodingOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  heed-nmt heatmap -c runs/grammar "My aunt is visiting the old school."
  heed-nmt heatmap -c runs/grammar --count 8 --out-dir maps --format html`,
  );
  command.action(async (sentences: string[], flags: HeatmapFlags) => {
    await heatmap(sentences, flags, output);
  });
}

async function heatmap(
  sentences: string[],
  flags: HeatmapFlags,
  output: CommandOutput,
): Promise<void> {
  const options = translateOptions(await withDecodingConfig(flags));
  if (sentences.length > 0 && flags.input) {
    throw new NmtError('give sentences as arguments or with --input, not both');
  }
  // Every sentence is checked (UTF-8, control characters, empty lines) before the model is loaded.
  const given =
    sentences.length > 0
      ? checkedArguments(sentences, false)
      : flags.input
        ? await readInputFile(flags.input, false)
        : [];
  let texts = given.map((line) => line.text);
  const loaded = await openCheckpoint('heatmap', flags, output);
  try {
    if (texts.length === 0) {
      if (!loaded.configStored) {
        throw new NmtError(
          `${loaded.directory}: the bundle holds no heed-nmt run config and so names no test data; give sentences as arguments or with --input`,
        );
      }
      const { test } = await loadSplits(loaded.record.config);
      texts = test.slice(0, flags.count ?? 4).map((pair) => pair.source);
      if (texts.length === 0)
        throw new NmtError("the checkpoint's data has no test split to draw from");
    }
    const translations = await translate(loaded.model, loaded.tokenizers, texts, {
      ...options,
      attention: true,
    });
    const directory =
      flags.outDir ?? join(loaded.runDirectory ?? dirname(loaded.directory), 'heatmaps');
    const files = await writeHeatmaps(directory, translations, {
      format: flags.format ?? 'both',
      title: `heed-nmt attention — ${loaded.record.config.arch}, ${loaded.record.config.attention ?? 'default'} attention`,
      config: loaded.record.config,
    });
    for (const [i, translation] of translations.entries()) {
      output.stderr.write(`${translation.source} → ${translation.hypotheses[0]?.text ?? ''}\n`);
      if (i === translations.length - 1) output.stderr.write('\n');
    }
    output.stdout.write(files.map((file) => `${file}\n`).join(''));
  } finally {
    loaded.model.dispose();
  }
}
