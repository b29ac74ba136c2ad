import { collect } from '@heed/recipe/cli';
import { Command } from 'commander';
import { registerDownload } from '../commands/download';
import { registerEval } from '../commands/eval';
import { registerExport } from '../commands/export';
import { registerHeatmap } from '../commands/heatmap';
import { registerInfo } from '../commands/info';
import { registerTrain } from '../commands/train';
import { registerTranslate } from '../commands/translate';
import { type CommandOutput, processOutput } from './output';
import { loadPlugins } from './plugins';

/** The `heed-nmt` command with its seven subcommands. */
export function createProgram(output: CommandOutput = processOutput): Command {
  const program = new Command('heed-nmt')
    .description(
      'Neural machine translation with swappable attention, on TensorFlow.js: train, translate, evaluate and look at the attention.',
    )
    .version('0.1.0')
    .option(
      '--plugin <module>',
      'import a module first, e.g. one that registers an attention type (repeatable)',
      collect,
    )
    .configureOutput({
      writeOut: (text) => output.stdout.write(text),
      writeErr: (text) => output.stderr.write(text),
    })
    .hook('preAction', async () => {
      await loadPlugins((program.opts().plugin as string[] | undefined) ?? []);
    });
  registerTrain(program, output);
  registerTranslate(program, output);
  registerEval(program, output);
  registerHeatmap(program, output);
  registerExport(program, output);
  registerDownload(program, output);
  registerInfo(program, output);
  program.addHelpText(
    'after',
    `
Example session:
  heed-nmt train --data builtin:en-es-grammar --bidirectional --time 3m --out runs/grammar
  echo "My aunt is visiting the old school." | heed-nmt translate -c runs/grammar --beam 5
  heed-nmt eval -c runs/grammar --show 5
  heed-nmt heatmap -c runs/grammar --count 4
  heed-nmt info runs/grammar
  heed-nmt export runs/grammar exported/grammar --float16`,
  );
  return program;
}
