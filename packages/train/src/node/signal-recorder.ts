import { type InterruptSignal, SIGNAL_EXIT_CODES } from './interrupted-error';

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
