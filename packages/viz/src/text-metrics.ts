const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Width of one letter in em for a proportional sans-serif face, a little generous. */
const NARROW_ADVANCE = 0.65;
/** Width of a wide (CJK, fullwidth, emoji) grapheme in em. */
const WIDE_ADVANCE = 1.05;

// East Asian Wide and Fullwidth blocks plus emoji: one grapheme takes a full em.
const WIDE =
  /^[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|^\p{Extended_Pictographic}/u;
const LETTER = /\p{L}/gu;

/** The user-perceived characters (extended grapheme clusters) of `text`. */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (segment) => segment.segment);
}

/**
 * Estimated advance of `text` in em, from its grapheme clusters: a wide
 * grapheme takes ~1 em, any other takes ~0.65 em per base letter it holds
 * (a Devanagari conjunct such as `स्ते` is one grapheme with two letters), at
 * least one. Combining accents add nothing, so `é` written as `e` + U+0301
 * measures like `é`.
 */
export function textWidthEm(text: string): number {
  let width = 0;
  for (const grapheme of graphemes(text)) {
    if (WIDE.test(grapheme)) width += WIDE_ADVANCE;
    else width += NARROW_ADVANCE * Math.max(1, grapheme.match(LETTER)?.length ?? 0);
  }
  return width;
}
