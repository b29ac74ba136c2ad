const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Height of a line of text in em, from the top of the tallest stacked marks
 * (Thai, Devanagari, Vietnamese) to the bottom of the deepest descenders, a
 * little generous.
 */
export const LINE_HEIGHT_EM = 1.4;
/** Part of `LINE_HEIGHT_EM` above the baseline. */
export const ASCENT_EM = 1.05;

/**
 * Advances in em, each at or above the widest common sans-serif face for its
 * class (DejaVu Sans, Noto Sans and its script faces, Arial, Segoe UI).
 */
const ADVANCE = {
  /** Generic combining accents, joiners, variation selectors, format characters. */
  zeroWidth: 0,
  /**
   * A script's own nonspacing mark (Thai vowels above, Devanagari virama,
   * Arabic harakat): drawn over its letter, but as a 0.6 em box by a face
   * without the script.
   */
  scriptMark: 0.6,
  /** Spacing vowel signs such as Devanagari `ी` or Thai `ำ`'s circle. */
  spacingMark: 0.5,
  space: 0.4,
  /** Lowercase Latin, Greek, Cyrillic, Hebrew, Thai, digits, punctuation. */
  narrow: 0.7,
  /** Capitals (DejaVu Sans `O` is 0.79 em). */
  capital: 0.85,
  /** Letters known to run past a capital: `W` (0.99 em), `m` (0.97 em), `Ю` (1.08 em), `Æ`. */
  extraWide: 1.15,
  /** Arabic, the Indic scripts and every script without a class of its own. */
  broadScript: 1,
  /** East Asian Wide and Fullwidth: CJK, kana, Hangul, fullwidth forms. */
  fullWidth: 1.05,
  /** A pictograph (Noto Color Emoji advances 1.25 em). */
  emoji: 1.35,
} as const;

const ZERO_WIDTH =
  /[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F\p{Cf}\p{Cc}]|\p{Variation_Selector}/u;
const SCRIPT_MARK = /[\p{Mn}\p{Me}]/u;
const SPACING_MARK = /\p{Mc}/u;
const SPACE = /\p{Zs}/u;
const PICTOGRAPH = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
const FULL_WIDTH =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uA960-\uA97F\uAC00-\uD7FF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F200}-\u{1F2FF}\u{20000}-\u{3FFFD}]/u;
const EXTRA_WIDE = /[MWmwÆæŒœ¼½¾%@ШЩЖЮМЫшщжюмыΩΜΨΦωψ…—]/u;
const CAPITAL = /[\p{Lu}\p{Lt}]/u;
/** Scripts whose letters all fit `narrow` (lowercase) or `capital`. */
const NARROW_SCRIPT =
  /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Hebrew}\p{Script=Thai}\p{Script=Common}]/u;

/** The user-perceived characters (extended grapheme clusters) of `text`. */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (segment) => segment.segment);
}

/** Estimated advance of one code point in em, on the generous side. */
function codePointWidthEm(character: string): number {
  if (ZERO_WIDTH.test(character)) return ADVANCE.zeroWidth;
  if (SCRIPT_MARK.test(character)) return ADVANCE.scriptMark;
  if (SPACING_MARK.test(character)) return ADVANCE.spacingMark;
  if (SPACE.test(character)) return ADVANCE.space;
  if (PICTOGRAPH.test(character)) return ADVANCE.emoji;
  if (FULL_WIDTH.test(character)) return ADVANCE.fullWidth;
  if (EXTRA_WIDE.test(character)) return ADVANCE.extraWide;
  if (CAPITAL.test(character)) return ADVANCE.capital;
  if (NARROW_SCRIPT.test(character)) return ADVANCE.narrow;
  return ADVANCE.broadScript;
}

/**
 * Estimated advance of `text` in em, never below what a common sans-serif face
 * draws, for any script, even one drawn as boxes for want of a font: the sum
 * of its code points' advances. Generic combining accents and joiners add
 * nothing (so `é` written as `e` + U+0301 measures like `é`); a Devanagari
 * conjunct such as `स्ते` counts its two letters, its virama and its vowel
 * sign; CJK, kana and Hangul take a full em; an emoji sequence counts every
 * pictograph it joins (a face without the joined glyph draws them side by
 * side); capitals and wide letters such as `W` and `m` count their real advance.
 */
export function textWidthEm(text: string): number {
  let width = 0;
  for (const character of text) width += codePointWidthEm(character);
  return width;
}
