import { Command, Option } from 'commander';
import { DEFAULT_PRESET, PRESET_NAMES, PRESETS, type PresetName } from '../config/presets';
import { resolveCompareConfig } from '../config/resolve-compare-config';
import { modelNames, parseModel, parseModels } from '../models/model-names';
import { resultsMarkdown } from '../output/markdown-tables';
import { runComparison } from '../run/comparison';
import { addConfigOptions, configFromFlags } from './options';

/** Where the command writes: the tables to stdout, everything else to stderr. */
export interface CommandOutput {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export const processOutput: CommandOutput = { stdout: process.stdout, stderr: process.stderr };

interface CompareFlags extends Record<string, unknown> {
  preset: PresetName;
  models: string;
  baseline?: string;
  out?: string;
  progress?: 'auto' | 'bar' | 'lines' | 'none';
}

/** The `heed-compare` command. */
export function createProgram(output: CommandOutput = processOutput): Command {
  const program = new Command('heed-compare')
    .description(
      'Train RNN encoder-decoders with every attention variant and a Transformer of about the same size on the same data, tokenizer, seed and budget; print one table and write one HTML report. A rerun with the same settings and --out resumes where the last one stopped.',
    )
    .version('0.1.0')
    .configureOutput({
      writeOut: (text) => output.stdout.write(text),
      writeErr: (text) => output.stderr.write(text),
    })
    .addOption(
      new Option('--preset <name>', 'settings to start from; flags override them')
        .choices(PRESET_NAMES)
        .default(DEFAULT_PRESET),
    )
    .option(
      '--models <list>',
      `models to train, comma-separated: ${modelNames().join(', ')}; or all, rnn`,
      'all',
    )
    .option(
      '--baseline <model>',
      'the model the others are tested against (paired bootstrap); default: the first model',
    )
    .option('-o, --out <dir>', 'output directory (default: runs/compare-<preset>)')
    .addOption(
      new Option('--progress <mode>', 'training progress display').choices([
        'auto',
        'bar',
        'lines',
        'none',
      ]),
    );
  addConfigOptions(program);
  program.addHelpText(
    'after',
    `
Flag defaults are those of the ${DEFAULT_PRESET} preset. Presets:
${PRESET_NAMES.map((name) => `  ${name.padEnd(6)} ${PRESETS[name].description}; ${PRESETS[name].expectedTime}`).join('\n')}

Examples:
  heed-compare --preset quick
  heed-compare --preset quick --seeds 3 --baseline none
  heed-compare --preset full --out runs/compare-full
  heed-compare --preset full --models none,additive,transformer --time 2m
  heed-compare --data spa.txt --hidden 256 --steps 2000 --models rnn`,
  );
  program.action(async (flags: CompareFlags) => {
    const config = resolveCompareConfig(flags.preset, configFromFlags(flags));
    const comparison = await runComparison({
      config,
      models: parseModels(flags.models),
      ...(flags.baseline === undefined
        ? {}
        : { baseline: parseModel('--baseline', flags.baseline) }),
      out: flags.out ?? `runs/compare-${flags.preset}`,
      ...(flags.progress ? { progress: flags.progress } : {}),
      log: output.stderr,
      command: ['heed-compare', ...process.argv.slice(2)].join(' '),
    });
    output.stdout.write(resultsMarkdown(comparison));
  });
  return program;
}
