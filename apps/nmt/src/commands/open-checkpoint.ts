import { BACKEND_NAMES, type BackendName } from '@heed/recipe';
import { oneOf, positiveInteger } from '@heed/recipe/cli';
import { type LoadedCheckpoint, loadTranslationCheckpoint, selectBackend } from '@heed/recipe/node';
import type { Command } from 'commander';
import type { CommandOutput } from '../cli/output';
import { printRunHeader } from '../cli/run-header';

/** `-c, --checkpoint`, `--backend` and `--threads`, for the commands that load a model. */
export function addCheckpointOptions(command: Command): Command {
  return command
    .requiredOption(
      '-c, --checkpoint <path>',
      'a checkpoint directory, a run directory (its best/, else last/ checkpoint), or an inference bundle (a model.safetensors written by heed-nmt export, or its directory)',
    )
    .option(
      '--backend <name>',
      `TF.js backend: ${BACKEND_NAMES.join('|')} (default: auto)`,
      oneOf(BACKEND_NAMES),
    )
    .option(
      '--threads <n>',
      'wasm threads (default: every core; 1 is often faster on a busy machine)',
      positiveInteger,
    );
}

/** Selects the backend, loads the checkpoint onto it and prints the run header. */
export async function openCheckpoint(
  command: string,
  flags: { checkpoint: string; backend?: BackendName; threads?: number },
  output: CommandOutput,
  details: { seed?: number; config?: Record<string, unknown> } = {},
): Promise<LoadedCheckpoint> {
  const backend = await selectBackend(flags.backend ?? 'auto', flags.threads);
  const loaded = await loadTranslationCheckpoint(flags.checkpoint);
  const { config } = loaded.record;
  printRunHeader(output, {
    command,
    backend: backend.description,
    seed: details.seed ?? config.seed,
    config: {
      checkpoint: loaded.directory,
      arch: config.arch,
      attention: config.attention ?? (config.arch === 'transformer' ? 'multihead' : 'additive'),
      tokenizer: config.tokenizer,
      ...details.config,
    },
  });
  return loaded;
}
