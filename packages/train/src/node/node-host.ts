import path from 'node:path';
import { InterruptGuard } from '../interrupt-guard';
import type { TrainerHost } from '../trainer-host';
import { createCliProgressBar } from './cli-progress-bar';
import { DirectoryRunStorage } from './directory-run-storage';

/** Node's host: a run directory, progress on stderr (a bar on a TTY), SIGINT/SIGTERM handling. */
export const NODE_HOST: TrainerHost = {
  createStorage: (options, seed) =>
    new DirectoryRunStorage(
      options.runDirectory ??
        path.join('runs', `${new Date().toISOString().replace(/[:.]/g, '-')}-seed${seed}`),
    ),
  defaultOutput: () => process.stderr,
  createBar: createCliProgressBar,
  watchInterrupts: (onFirst) => new InterruptGuard(onFirst),
  yieldBetweenSteps: () => new Promise((resolve) => setImmediate(resolve)),
};
