import { HeedError } from '@heed/core';

/** A problem with what the command was asked to do: a flag, a file, an input line, a checkpoint. */
export class NmtError extends HeedError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NmtError';
  }
}
