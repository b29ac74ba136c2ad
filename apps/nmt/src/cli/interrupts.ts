import { type InterruptSignal, SIGNAL_EXIT_CODES } from '../errors';

const SIGNALS = Object.keys(SIGNAL_EXIT_CODES) as InterruptSignal[];

/**
 * Remembers the first SIGINT or SIGTERM while it listens, beside whoever
 * handles it (the trainer stops after its step and saves a checkpoint), so
 * the command can exit with that signal's code.
 */
export class SignalRecorder {
  #signal: InterruptSignal | undefined;
  readonly #listener = (signal: NodeJS.Signals) => {
    this.#signal ??= signal as InterruptSignal;
  };

  constructor() {
    for (const signal of SIGNALS) process.on(signal, this.#listener);
  }

  /** The first signal received, if any. */
  get signal(): InterruptSignal | undefined {
    return this.#signal;
  }

  dispose(): void {
    for (const signal of SIGNALS) process.off(signal, this.#listener);
  }
}

/**
 * For a command that has nothing to save when stopped: on SIGINT or SIGTERM,
 * writes `<program>: interrupted by <signal>; …` and exits with 130 or 143.
 * Its output files are written whole when it finishes, so none was changed.
 * @returns A function that removes the handlers.
 */
export function exitOnInterrupt(program: string, stderr: NodeJS.WritableStream): () => void {
  const handler = (signal: NodeJS.Signals) => {
    stderr.write(
      `${program}: interrupted by ${signal}; stopped before finishing (output files are written only at the end, so none was changed)\n`,
    );
    process.exit(SIGNAL_EXIT_CODES[signal as InterruptSignal]);
  };
  for (const signal of SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of SIGNALS) process.off(signal, handler);
  };
}
