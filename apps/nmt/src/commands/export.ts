import { stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CHECKPOINT_FILES, locateCheckpoint } from '@heed/core/node';
import { BUNDLE_FILE } from '@heed/models';
import { saveBundle } from '@heed/models/node';
import { oneOf } from '@heed/recipe/cli';
import { bundleRunEntry, loadTranslationCheckpoint, selectBackend } from '@heed/recipe/node';
import type { Command } from 'commander';
import { type CommandOutput, fixed } from '../cli/output';
import { NmtError } from '../errors';

const CHECKPOINT_CHOICES = ['best', 'last'] as const;

interface ExportFlags {
  checkpoint?: (typeof CHECKPOINT_CHOICES)[number];
  float16?: boolean;
}

/** `heed-nmt export <run> <dir>`: a run's model as one inference bundle, `<dir>/model.safetensors`. */
export function registerExport(program: Command, output: CommandOutput): void {
  program
    .command('export')
    .summary('write a run’s model as one inference bundle, <dir>/model.safetensors')
    .description(
      "Write the model of a run (its best/ checkpoint, or last/ with --checkpoint last), or of a checkpoint directory, as an inference bundle: one safetensors file holding the weights (no optimiser state), the model spec, both tokenizers and the run's config. @heed/models loads it in a page (fetchBundle) or under Node (loadBundle), and every heed-nmt command that takes -c accepts it.",
    )
    .argument('<run>', 'a run directory, or a checkpoint directory')
    .argument('<dir>', `the directory to write ${BUNDLE_FILE} into (created when missing)`)
    .option(
      '--checkpoint <which>',
      `which checkpoint of the run: ${CHECKPOINT_CHOICES.join('|')} (default: best)`,
      oneOf(CHECKPOINT_CHOICES),
    )
    .option('--float16', 'store the weights as float16: half the size, loaded back as float32')
    .addHelpText(
      'after',
      `
Examples:
  heed-nmt export runs/grammar exported/grammar
  heed-nmt export runs/grammar exported/grammar-fp16 --float16
  heed-nmt translate -c exported/grammar "My aunt is visiting the old school."`,
    )
    .action(async (run: string, directory: string, flags: ExportFlags) => {
      const which = flags.checkpoint ?? 'best';
      const checkpoint = await checkpointOf(run, which, flags.checkpoint !== undefined);
      const target = await stat(directory).catch(() => undefined);
      if (target !== undefined && !target.isDirectory()) {
        throw new NmtError(`${directory}: is a file, expected a directory`);
      }
      await selectBackend('cpu');
      const loaded = await loadTranslationCheckpoint(checkpoint);
      try {
        const file = await saveBundle(
          join(directory, BUNDLE_FILE),
          loaded.model,
          loaded.tokenizers,
          {
            float16: flags.float16 ?? false,
            metadata: bundleRunEntry(loaded.record.config),
          },
        );
        const [bundle, weights] = await Promise.all([
          stat(file),
          stat(join(checkpoint, CHECKPOINT_FILES.weights)),
        ]);
        output.stderr.write(
          `exported ${relative(process.cwd(), checkpoint) || '.'} (${loaded.model.parameterCount().toLocaleString('en-US')} parameters, ${flags.float16 ? 'float16' : 'float32'}): ${megabytes(bundle.size)} (the checkpoint's weights: ${megabytes(weights.size)})\n`,
        );
        output.stdout.write(`${file}\n`);
      } finally {
        loaded.model.dispose();
      }
    });
}

/** The checkpoint directory to export: `run` itself when it is one, else its `which/` checkpoint. */
async function checkpointOf(run: string, which: string, chosen: boolean): Promise<string> {
  const itself = await locateCheckpoint(run).catch(() => undefined);
  if (itself !== undefined) {
    if (chosen) {
      throw new NmtError(
        `${run}: is a checkpoint directory; --checkpoint ${which} chooses among a run directory's best/ and last/`,
      );
    }
    return itself;
  }
  const found = await locateCheckpoint(join(run, which)).catch(() => undefined);
  if (found === undefined) {
    throw new NmtError(
      `${run}: not a checkpoint (no ${CHECKPOINT_FILES.config}) nor a run directory with a ${which}/ checkpoint`,
    );
  }
  return found;
}

function megabytes(bytes: number): string {
  return `${fixed(bytes / 1e6, 2)} MB`;
}
