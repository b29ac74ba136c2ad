import { describe, expect, it, vi } from 'vitest';
import { HeedError } from './errors';

describe('HeedError', () => {
  it('is an Error with its own name, message and cause', () => {
    const cause = new Error('disk full');
    const error = new HeedError('saveCheckpoint: could not write', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('HeedError');
    expect(error.message).toBe('saveCheckpoint: could not write');
    expect(error.cause).toBe(cause);
    expect(HeedError.isInstance(error)).toBe(true);
  });

  it('recognises errors from another copy of the package, where instanceof cannot', async () => {
    vi.resetModules();
    const copy = await import('./errors');
    expect(copy.HeedError).not.toBe(HeedError);
    const foreign = new copy.HeedError('from the other copy');
    expect(foreign instanceof HeedError).toBe(false);
    expect(HeedError.isInstance(foreign)).toBe(true);
    expect(copy.HeedError.isInstance(new HeedError('from this copy'))).toBe(true);
  });

  it('recognises the shared marker on any object, and nothing else', () => {
    const marked = Object.defineProperty({ message: 'x' }, Symbol.for('heed.error'), {
      value: true,
    });
    expect(HeedError.isInstance(marked)).toBe(true);
    for (const other of [
      new Error('plain'),
      { name: 'HeedError', message: 'looks alike' },
      { [Symbol('heed.error')]: true },
      'HeedError',
      null,
      undefined,
    ]) {
      expect(HeedError.isInstance(other)).toBe(false);
    }
  });
});
