const MARKER = Symbol.for('heed.error');

/**
 * Base class of every error heed throws. `HeedError.isInstance(e)` recognises
 * errors thrown by any copy of the package (a bundled and an installed one),
 * where `instanceof` would not.
 */
export class HeedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HeedError';
    Object.defineProperty(this, MARKER, { value: true });
  }

  /** True for an error thrown by any copy of heed. */
  static isInstance(error: unknown): error is HeedError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[MARKER] === true
    );
  }
}
