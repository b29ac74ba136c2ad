import type { ProgressBarFactory, TextOutput } from './progress';
import { MemoryRunStorage, type RunStorage } from './run-storage';
import type { TrainerOptions } from './trainer-options';

/** Watches for an interrupt (SIGINT/SIGTERM under Node). */
export interface InterruptWatch {
  /** The interrupt received, if any. */
  readonly signal: string | undefined;
  dispose(): void;
}

/**
 * What the trainer takes from where it runs. In a page: a run in memory, no
 * progress output unless `output` is given, no signals. The Node build of
 * `@heed/train` supplies a run directory, `process.stderr` with a progress
 * bar on a TTY, and SIGINT/SIGTERM handling.
 */
export interface TrainerHost {
  /** The storage of a run whose options give none. */
  createStorage(options: TrainerOptions, seed: number): RunStorage;
  /** Where progress goes when `output` is not given; undefined: nowhere. */
  defaultOutput(): TextOutput | undefined;
  /** Draws a progress bar; without one, `'bar'` prints plain lines. */
  createBar?: ProgressBarFactory;
  /** Turns the first interrupt into a request to stop cleanly. */
  watchInterrupts?(onFirst: (signal: string) => void): InterruptWatch;
  /** Lets other work (rendering, signals, I/O) run between updates. */
  yieldBetweenSteps(): Promise<void>;
}

/** A page's host: everything in memory, progress through callbacks. */
export const PAGE_HOST: TrainerHost = {
  createStorage: (options) => new MemoryRunStorage(options.runDirectory),
  defaultOutput: () => undefined,
  yieldBetweenSteps: () => new Promise((resolve) => setTimeout(resolve, 0)),
};
