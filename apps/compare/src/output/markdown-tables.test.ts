import { describe, expect, it } from 'vitest';
import { formatNumber, markdownTable } from './markdown-tables';

describe('markdownTable', () => {
  it('pads columns and aligns numbers right', () => {
    const table = markdownTable(
      ['model', 'BLEU'],
      [
        ['additive', '31.20'],
        ['none', '9.05'],
      ],
      ['left', 'right'],
    );
    expect(table.split('\n')).toEqual([
      '| model    |  BLEU |',
      '| -------- | ----: |',
      '| additive | 31.20 |',
      '| none     |  9.05 |',
    ]);
  });

  it('formats numbers with fixed decimals and a dash for missing ones', () => {
    expect(formatNumber(1234567, 0)).toBe('1,234,567');
    expect(formatNumber(12.345678, 2)).toBe('12.35');
    expect(formatNumber(Number.NaN, 2)).toBe('–');
    expect(formatNumber(null, 2)).toBe('–');
  });
});
