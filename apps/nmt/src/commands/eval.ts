import { dirname, join, resolve } from 'node:path';
import { writeFileAtomically } from '@heed/core/node';
import type { SentencePair } from '@heed/data';
import {
  type BackendName,
  DATA_SEED,
  dataSourceFromConfig,
  describeDataSource,
  type RecipeConfig,
} from '@heed/recipe';
import {
  addConfigOptions,
  configFromFlags,
  DATA_OPTIONS,
  oneOf,
  positiveInteger,
} from '@heed/recipe/cli';
import { loadPairs, loadSplits } from '@heed/recipe/node';
import type { Command } from 'commander';
import { type CommandOutput, fixed, formatTable } from '../cli/output';
import { NmtError } from '../errors';
import { evaluateTranslations } from '../evaluation/evaluate-translations';
import {
  addDecodingOptions,
  type DecodingFlags,
  describeDecoding,
  translateOptions,
  withDecodingConfig,
} from './decoding-options';
import { addCheckpointOptions, openCheckpoint } from './open-checkpoint';

const SPLITS = ['test', 'valid', 'train', 'all'] as const;
type SplitName = (typeof SPLITS)[number];

interface EvalFlags extends DecodingFlags, Record<string, unknown> {
  checkpoint: string;
  backend?: BackendName;
  split?: SplitName;
  limit?: number;
  hypotheses?: string;
  show?: number;
  json?: boolean;
}

/** `heed-nmt eval`: BLEU, chrF and perplexity on a test set; writes the hypotheses. */
export function registerEval(program: Command, output: CommandOutput): void {
  const command = program
    .command('eval')
    .summary('score a checkpoint: BLEU, chrF, perplexity; writes hypotheses')
    .description(
      "Translate a test set and score it: corpus BLEU and chrF (sacreBLEU semantics), exact match, and the perplexity of the references. Without data flags it uses the checkpoint's own data and its held-out test split; a corpus file given with --data or --src/--tgt is the test set (every pair is scored), unless it is the run's own training data. The hypotheses are written one per line, in the test set's order.",
    )
    .option(
      '--split <name>',
      `which part of the data: ${SPLITS.join('|')} (default: all for a file given with --data or --src/--tgt, else test)`,
      oneOf(SPLITS),
    )
    .option('--limit <n>', 'score only the first n pairs', positiveInteger)
    .option(
      '--hypotheses <file>',
      'where to write the translations (default: <checkpoint>/../hypotheses-<split>.txt)',
    )
    .option(
      '--show <n>',
      'print a table of n source / reference / translation examples',
      positiveInteger,
    )
    .option('--json', 'print the metrics as one JSON object');
  addConfigOptions(command, DATA_OPTIONS);
  addCheckpointOptions(command);
  addDecodingOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  heed-nmt eval -c runs/dates
  heed-nmt eval -c runs/grammar --beam 5 --show 10
  heed-nmt eval -c runs/multi30k --src test_2016_flickr.de.gz --tgt test_2016_flickr.en.gz`,
  );
  command.action(async (flags: EvalFlags) => {
    await evaluate(flags, output);
  });
}

async function evaluate(flags: EvalFlags, output: CommandOutput): Promise<void> {
  const options = translateOptions(await withDecodingConfig(flags));
  const loaded = await openCheckpoint('eval', flags, output, { config: describeDecoding(options) });
  try {
    const config = loaded.record.config;
    const requested = configFromFlags(flags, DATA_OPTIONS);
    if (!loaded.configStored && requested.data === undefined && requested.src === undefined) {
      throw new NmtError(
        `${loaded.directory}: the bundle holds no heed-nmt run config and so names no test data; give it with --data or --src/--tgt`,
      );
    }
    const dataConfig: RecipeConfig =
      requested.data !== undefined || requested.src !== undefined
        ? {
            ...config,
            data: undefined,
            src: undefined,
            tgt: undefined,
            validSrc: undefined,
            validTgt: undefined,
            testSrc: undefined,
            testTgt: undefined,
            ...requested,
          }
        : { ...config, ...requested };
    const split = flags.split ?? defaultSplit(config, requested);
    let pairs = await pairsOf(dataConfig, split);
    if (flags.limit !== undefined) pairs = pairs.slice(0, flags.limit);
    if (pairs.length === 0) {
      const hint =
        split === 'all'
          ? ''
          : `; pass --split all to score every pair${split === 'test' && config.testShare === 0 ? ' (the run was trained with --test-share 0)' : ''}`;
      throw new NmtError(
        `${describeDataSource(dataSourceFromConfig(dataConfig))}: the ${split} split holds no pairs${hint}`,
      );
    }
    const report = await evaluateTranslations(loaded.model, loaded.tokenizers, pairs, {
      ...options,
      batchTokens: config.batchTokens,
      lowercase: config.lowercase,
    });
    const file = resolve(
      flags.hypotheses ??
        join(loaded.runDirectory ?? dirname(loaded.directory), `hypotheses-${split}.txt`),
    );
    await writeFileAtomically(file, report.hypotheses.map((line) => `${line}\n`).join(''));
    const data = describeDataSource(dataSourceFromConfig(dataConfig));
    if (flags.json) {
      output.stdout.write(
        `${JSON.stringify({
          data,
          split,
          sentences: report.sentences,
          bleu: report.bleu,
          chrf: report.chrf,
          perplexity: report.perplexity,
          exactMatch: report.exactMatch,
          seconds: report.seconds,
          bleuSignature: report.bleuSignature,
          hypotheses: file,
        })}\n`,
      );
      return;
    }
    if (flags.show) {
      const rows = report.sources
        .slice(0, flags.show)
        .map((source, i) => [source, report.references[i] ?? '', report.hypotheses[i] ?? '']);
      output.stdout.write(`${formatTable(['source', 'reference', 'translation'], rows, 48)}\n\n`);
    }
    output.stdout.write(
      `${formatTable(
        ['data', 'split', 'sentences', 'BLEU', 'chrF', 'perplexity', 'exact match', 'seconds'],
        [
          [
            data,
            split,
            String(report.sentences),
            fixed(report.bleu),
            fixed(report.chrf),
            fixed(report.perplexity),
            `${fixed(report.exactMatch, 1)}%`,
            fixed(report.seconds, 1),
          ],
        ],
      )}\n` + `BLEU signature: ${report.bleuSignature}\nhypotheses: ${file}\n`,
    );
  } finally {
    loaded.model.dispose();
  }
}

/**
 * The split scored when `--split` is not given: every pair of a corpus file
 * given with --data or --src/--tgt (a file given to `eval` is its test set),
 * unless it is the run's own training data or a built-in corpus, whose held-out
 * test split is scored.
 */
function defaultSplit(trained: RecipeConfig, requested: Partial<RecipeConfig>): SplitName {
  const given = requested.src ?? requested.data;
  if (given === undefined || given.startsWith('builtin:')) return 'test';
  const own = [trained.data, trained.src]
    .filter((path) => path !== undefined)
    .map((path) => resolve(path as string));
  return own.includes(resolve(given)) ? 'test' : 'all';
}

async function pairsOf(config: RecipeConfig, split: SplitName): Promise<SentencePair[]> {
  if (split === 'all') {
    return loadPairs(dataSourceFromConfig(config), {
      reverse: config.reverse,
      ...(config.corpusSize === undefined ? {} : { corpusSize: config.corpusSize }),
      seed: DATA_SEED,
    });
  }
  const splits = await loadSplits(config);
  return splits[split];
}
