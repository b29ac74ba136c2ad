import { describe, expect, it } from 'vitest';
import { graphemes, textWidthEm } from './text-metrics';

describe('text metrics', () => {
  it('counts user-perceived characters, not UTF-16 units', () => {
    expect(graphemes('e\u0301te\u0301')).toHaveLength(3);
    expect(graphemes('👨‍👩‍👧')).toHaveLength(1);
    expect(graphemes('ñandú')).toHaveLength(5);
  });

  it('measures a decomposed accent like the composed one', () => {
    expect(textWidthEm('e\u0301te\u0301')).toBeCloseTo(textWidthEm('été'));
    expect(textWidthEm('été')).toBeCloseTo(3 * textWidthEm('a'));
  });

  it('gives a Devanagari conjunct the width of its letters', () => {
    // स्ते is one grapheme built from two letters (स, त); its marks add nothing.
    expect(textWidthEm('स्ते')).toBeCloseTo(2 * textWidthEm('स'));
    expect(textWidthEm('नमस्ते')).toBeCloseTo(4 * textWidthEm('न'));
  });

  it('gives wide characters about a full em', () => {
    expect(textWidthEm('日本語')).toBeGreaterThan(3 * textWidthEm('a'));
    expect(textWidthEm('')).toBe(0);
  });
});
