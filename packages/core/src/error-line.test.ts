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

  it('says what a wasm abort most likely means', () => {
    const abort = new WebAssembly.RuntimeError('Aborted(). Build with -sASSERTIONS for more info.');
    expect(errorLine(abort)).toBe(
      'the wasm backend aborted, most likely out of memory (its heap holds at most 4 GiB; TF.js keeps every intermediate tensor of a training step for the backward pass): use smaller batches (Aborted(). Build with -sASSERTIONS for more info.)',
    );
    expect(errorLine(new Error('Aborted by the user'))).toBe('Aborted by the user');
  });
});
