import { describe, expect, it } from 'vitest';
import { errorLine } from './error-line';
import { HeedError } from './errors';

describe('errorLine', () => {
  it('makes one line of any error', () => {
    expect(errorLine(new HeedError('a\n  b\n\nc'))).toBe('a; b; c');
    const missing = Object.assign(new Error('ENOENT: no such file'), {
      code: 'ENOENT',
      path: '/x/y.txt',
    });
    expect(errorLine(missing)).toBe('/x/y.txt: no such file or directory');
    expect(errorLine('plain')).toBe('plain');
  });
});
