import { HeedError } from '@heed/core';

/** A problem with what `heed-compare` was asked to do: a flag, the output directory, a model name. */
export class CompareError extends HeedError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CompareError';
  }
}
