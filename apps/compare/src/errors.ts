import { HeedError } from '@heed/core';

/** A problem with what `heed-compare` was asked to do: a flag, the output directory, a model name. */
export class CompareError extends HeedError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CompareError';
  }
}

/** Training was stopped by SIGINT/SIGTERM; the model's checkpoint was saved and a rerun resumes it. */
export class InterruptedError extends CompareError {
  constructor(message: string) {
    super(message);
    this.name = 'InterruptedError';
  }
}
