import { describe, expect, it } from 'vitest';
import { TokenizerError } from './errors';
import { Vocab } from './vocab';

describe('TokenizerError', () => {
  it('carries the heed error marker that HeedError.isInstance checks', () => {
    const error = new TokenizerError('bad');
    // The same test `HeedError.isInstance` in @heed/core performs.
    expect((error as unknown as Record<symbol, unknown>)[Symbol.for('heed.error')]).toBe(true);
    expect(TokenizerError.isInstance(error)).toBe(true);
    expect(error.name).toBe('TokenizerError');
    expect(error).toBeInstanceOf(Error);
  });

  it('is recognised across copies by marker, not by class identity', () => {
    const foreign = Object.defineProperty(new Error('x'), Symbol.for('heed.tokenizer-error'), {
      value: true,
    });
    expect(TokenizerError.isInstance(foreign)).toBe(true);
    expect(TokenizerError.isInstance(new Error('x'))).toBe(false);
    expect(TokenizerError.isInstance(null)).toBe(false);
  });

  it('is what validation throws', () => {
    let caught: unknown;
    try {
      Vocab.fromCounts([], { maxSize: -1 });
    } catch (error) {
      caught = error;
    }
    expect(TokenizerError.isInstance(caught)).toBe(true);
  });
});
