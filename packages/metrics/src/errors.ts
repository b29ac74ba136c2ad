const MARKER = Symbol.for('heed.error');

/**
 * What @heed/metrics throws. It carries the same cross-copy marker as
 * `HeedError` from @heed/core (`Symbol.for('heed.error')`), so
 * `HeedError.isInstance(error)` recognises it without this package
 * depending on core.
 */
export class MetricsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricsError';
    Object.defineProperty(this, MARKER, { value: true });
  }

  /** True for an error thrown by any copy of heed. */
  static isInstance(error: unknown): error is MetricsError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[MARKER] === true
    );
  }
}
