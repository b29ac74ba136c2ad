import { HeedError } from '@heed/core';

/** The exit codes of a command stopped by a signal, as shells report them (128 + its number). */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** A signal that stops a command early. */
export type InterruptSignal = keyof typeof SIGNAL_EXIT_CODES;

/** A command stopped early by SIGINT or SIGTERM, after saving what it promised to save. */
export class InterruptedError extends HeedError {
  constructor(
    readonly signal: InterruptSignal,
    message: string,
  ) {
    super(message);
    this.name = 'InterruptedError';
  }

  /** 130 for SIGINT, 143 for SIGTERM. */
  get exitCode(): number {
    return SIGNAL_EXIT_CODES[this.signal];
  }
}
