import { describe, expect, it } from 'vitest';
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
