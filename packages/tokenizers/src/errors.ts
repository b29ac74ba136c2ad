/** The marker every heed error carries (`HeedError.isInstance` in @heed/core checks it). */
const HEED_MARKER = Symbol.for('heed.error');
/** The marker that tells a tokenizer error from other heed errors. */
const TOKENIZER_MARKER = Symbol.for('heed.tokenizer-error');

/**
 * The error every `@heed/tokenizers` function throws. It carries the same
 * cross-copy marker as `HeedError` from `@heed/core`, so `HeedError.isInstance(e)`
 * recognises it without this package depending on core; `TokenizerError.isInstance`
 * recognises tokenizer errors from any copy of this package, where `instanceof`
 * would not.
 */
export class TokenizerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TokenizerError';
    Object.defineProperty(this, HEED_MARKER, { value: true });
    Object.defineProperty(this, TOKENIZER_MARKER, { value: true });
  }

  /** True for an error thrown by any copy of `@heed/tokenizers`. */
  static isInstance(error: unknown): error is TokenizerError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[TOKENIZER_MARKER] === true
    );
  }
}
