import { APOSTROPHE_CLASS, EXTEND_CLASS, graphemes, isAscii, WORD_CLASS } from './unicode';

/**
 * Words (runs of word characters, apostrophes allowed between two of them) or runs
 * of other non-space characters, each with the marks and joiners that follow it.
 */
const WORD_OR_PUNCTUATION = new RegExp(
  `([${WORD_CLASS}]+(?:[${APOSTROPHE_CLASS}][${WORD_CLASS}]+)*)|((?:[^${WORD_CLASS}\\s][${EXTEND_CLASS}]*)+)`,
  'gu',
);

/**
 * Splits text into words and punctuation, the way a word-level NMT vocabulary
 * wants it (`¿Dónde está?` → `¿`, `Dónde`, `está`, `?`).
 *
 * - Words are runs of letters, combining marks, numbers and zero-width joiners
 *   (`\p{L}\p{M}\p{N}`, U+200C, U+200D): accents, Devanagari matras (`ा`, `ि`),
 *   viramas (`्`) and anusvaras (`ं`) stay inside their word (`हवंय`).
 * - Apostrophe policy: an apostrophe (`'` U+0027 or `’` U+2019) between two word
 *   characters belongs to the word (`don't`, `l'homme`, `rock'n'roll`); anywhere
 *   else it is punctuation (`'quoted'` → `'`, `quoted`, `'`). `ʼ` (U+02BC) is a letter.
 * - Every other non-space character — punctuation such as `¿`, `¡`, `।`, symbols,
 *   emoji, control characters — is a token of its own, one grapheme cluster each
 *   (so `👍🏽` and `👨‍👩‍👧` stay whole and `?!` gives `?`, `!`).
 * - Whitespace separates tokens and is dropped.
 */
export function splitWords(text: string): string[] {
  return splitWordsSpaced(text).tokens;
}

/**
 * `splitWords`, and for each token whether whitespace came before it in
 * `text` (never for the first), which is what `markJoins` needs to give the
 * text back exactly.
 */
export function splitWordsSpaced(text: string): { tokens: string[]; spaceBefore: boolean[] } {
  const tokens: string[] = [];
  const spaceBefore: boolean[] = [];
  let end = 0;
  WORD_OR_PUNCTUATION.lastIndex = 0;
  let match = WORD_OR_PUNCTUATION.exec(text);
  while (match !== null) {
    const first = tokens.length;
    const word = match[1];
    if (word !== undefined) {
      tokens.push(word);
    } else {
      pushPunctuation(match[0], tokens);
    }
    // Only whitespace lies between matches; the clusters of one run touch.
    for (let i = first; i < tokens.length; i++) {
      spaceBefore.push(i === first && first > 0 && match.index > end);
    }
    end = match.index + match[0].length;
    match = WORD_OR_PUNCTUATION.exec(text);
  }
  return { tokens, spaceBefore };
}

/** Pushes the grapheme clusters of a run of non-word characters. */
function pushPunctuation(run: string, tokens: string[]): void {
  if (run.length === 1) {
    tokens.push(run);
  } else if (isAscii(run)) {
    for (const character of run) tokens.push(character);
  } else {
    for (const cluster of graphemes(run)) tokens.push(cluster);
  }
}
