import { describe, expect, it } from 'vitest';
import { errorLine, NmtError } from '../errors';
import { formatTable } from './output';

describe('formatTable', () => {
  it('pads columns to the widest cell and cuts long ones', () => {
    const table = formatTable(
      ['source', 'translation'],
      [
        ['¿Dónde?', 'Where?'],
        ['a'.repeat(12), 'b'],
      ],
      8,
    );
    expect(table.split('\n')).toEqual([
      'source    translation',
      '--------  -----------',
      '¿Dónde?   Where?',
      'aaaaaaa…  b',
    ]);
  });
});

describe('errorLine', () => {
  it('makes one line of any error', () => {
    expect(errorLine(new NmtError('a\n  b\n\nc'))).toBe('a; b; c');
    const missing = Object.assign(new Error('ENOENT: no such file'), {
      code: 'ENOENT',
      path: '/x/y.txt',
    });
    expect(errorLine(missing)).toBe('/x/y.txt: no such file or directory');
    expect(errorLine('plain')).toBe('plain');
  });
});
