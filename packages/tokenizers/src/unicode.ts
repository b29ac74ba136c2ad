import { TokenizerError } from './errors';

/**
 * Character classes shared by the normalisers and pre-tokenizers.
 *
 * A word character is a letter (`\p{L}`), a combining mark (`\p{M}`: Spanish
 * accents, Devanagari matras and viramas, Arabic harakat), a number (`\p{N}`), or
 * one of the zero-width joiners U+200C/U+200D that Indic and Persian spelling
 * needs inside words.
 */
export const WORD_CLASS = '\\p{L}\\p{M}\\p{N}\\u200C\\u200D';

/** What may extend a non-word character into one cluster: marks and joiners. */
export const EXTEND_CLASS = '\\p{M}\\u200C\\u200D';

/**
 * Apostrophes that stay inside a word when they sit between two word characters:
 * U+0027 `'` and U+2019 `’` (U+02BC `ʼ` is a letter already).
 */
export const APOSTROPHE_CLASS = "'\\u2019";

const LONE_SURROGATE = /\p{Cs}/gu;
const HAS_SURROGATE = /[\uD800-\uDFFF]/;

/** Replaces lone UTF-16 surrogates with U+FFFD, so every later step sees well-formed text. */
export function toWellFormed(text: string): string {
  return HAS_SURROGATE.test(text) ? text.replace(LONE_SURROGATE, '\uFFFD') : text;
}

let segmenter: Intl.Segmenter | undefined;

function graphemeSegmenter(): Intl.Segmenter {
  if (segmenter === undefined) {
    if (typeof Intl === 'undefined' || typeof Intl.Segmenter !== 'function') {
      throw new TokenizerError(
        'graphemes: Intl.Segmenter is not available in this JavaScript runtime (Node ≥ 16 and current browsers have it)',
      );
    }
    segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });
  }
  return segmenter;
}

/** Splits text into extended grapheme clusters (user-perceived characters), as Unicode UAX #29. */
export function graphemes(text: string): string[] {
  const out: string[] = [];
  for (const { segment } of graphemeSegmenter().segment(text)) out.push(segment);
  return out;
}

/** True when every UTF-16 unit of `text` is ASCII. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
