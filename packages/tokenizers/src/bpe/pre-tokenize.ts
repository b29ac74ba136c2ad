import { APOSTROPHE_CLASS, EXTEND_CLASS, WORD_CLASS } from '../unicode';

/**
 * The word-boundary marker, U+2581 `▁` (as SentencePiece): a piece that starts with it
 * was preceded by a space.
 */
export const WORD_BOUNDARY = '\u2581';

/** A chunk that is one plain word (the common case, no regex split needed). */
const PLAIN_WORD = new RegExp(`^[${WORD_CLASS}]+$`, 'u');

/**
 * A word (as `splitWords`, apostrophes between word characters included) or one
 * non-word character with the marks and joiners that follow it.
 */
const PRE_TOKEN = new RegExp(
  `[${WORD_CLASS}]+(?:[${APOSTROPHE_CLASS}][${WORD_CLASS}]+)*|[^${WORD_CLASS}][${EXTEND_CLASS}]*`,
  'gu',
);

/**
 * Splits whitespace-collapsed text (single spaces, none at either end) into BPE
 * pre-tokens, which merges never cross, and calls `visit` for each in order. `spaced`
 * tells whether a space precedes the pre-token; the text's first pre-token counts as
 * spaced too (SentencePiece's dummy prefix), so its first piece starts with `▁`.
 * The pre-tokens cover every non-space character, so the text is recovered by joining
 * them with a space before each spaced one and dropping the first space.
 *
 * `¿Dónde está?` → (`¿`, spaced), (`Dónde`), (`está`, spaced), (`?`).
 */
export function forEachPreToken(
  text: string,
  visit: (preToken: string, spaced: boolean) => void,
): void {
  if (text.length === 0) return;
  for (const chunk of text.split(' ')) {
    if (PLAIN_WORD.test(chunk)) {
      visit(chunk, true);
      continue;
    }
    let spaced = true;
    for (const match of chunk.match(PRE_TOKEN) ?? []) {
      visit(match, spaced);
      spaced = false;
    }
  }
}
