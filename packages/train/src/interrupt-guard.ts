/**
 * Turns the first SIGINT/SIGTERM into a request to stop cleanly (the trainer
 * finishes its step, saves a checkpoint and returns); a second one exits at
 * once with code 130. `dispose` restores the default behaviour.
 */
export class InterruptGuard {
  #signal: NodeJS.Signals | undefined;
  readonly #handler: (signal: NodeJS.Signals) => void;
  readonly #signals: readonly NodeJS.Signals[];

  constructor(
    onFirst: (signal: NodeJS.Signals) => void,
    signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'],
  ) {
    this.#signals = signals;
    this.#handler = (signal) => {
      if (this.#signal) process.exit(130);
      this.#signal = signal;
      onFirst(signal);
    };
    for (const signal of signals) process.on(signal, this.#handler);
  }

  /** The signal received, if any. */
  get signal(): NodeJS.Signals | undefined {
    return this.#signal;
  }

  dispose(): void {
    for (const signal of this.#signals) process.off(signal, this.#handler);
  }
}
