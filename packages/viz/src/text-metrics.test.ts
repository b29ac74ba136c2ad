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

  it('gives wide Latin and Cyrillic letters at least their real advance', () => {
    // DejaVu Sans advances: W 0.99 em, m 0.97 em, M 0.86 em, O 0.79 em, Ю 1.08 em.
    expect(textWidthEm('W')).toBeGreaterThanOrEqual(0.99);
    expect(textWidthEm('m')).toBeGreaterThanOrEqual(0.97);
    expect(textWidthEm('M')).toBeGreaterThanOrEqual(0.86);
    expect(textWidthEm('O')).toBeGreaterThanOrEqual(0.79);
    expect(textWidthEm('Ю')).toBeGreaterThanOrEqual(1.08);
  });

  it('counts the spacing vowel signs and viramas of a Devanagari conjunct', () => {
    // स्ते is one grapheme: स, virama, त, vowel sign; a face without Devanagari
    // draws each of the four as a 0.6 em box.
    expect(graphemes('स्ते')).toHaveLength(1);
    expect(textWidthEm('स्ते')).toBeGreaterThanOrEqual(4 * 0.6);
    expect(textWidthEm('की')).toBeGreaterThan(textWidthEm('क'));
  });

  it('gives full-width CJK, kana and Hangul at least one em each', () => {
    for (const text of ['日本語', 'ひらがな', 'カタカナ', '한국어', 'ＡＢＣ']) {
      expect(textWidthEm(text)).toBeGreaterThanOrEqual([...text].length);
    }
    expect(textWidthEm('')).toBe(0);
  });

  it('gives an emoji sequence room for every pictograph it joins', () => {
    // Noto Color Emoji advances 1.25 em; a face without the family glyph draws three.
    expect(textWidthEm('😀')).toBeGreaterThanOrEqual(1.25);
    expect(textWidthEm('👨‍👩‍👧')).toBeGreaterThanOrEqual(3 * 1.25);
  });
});
