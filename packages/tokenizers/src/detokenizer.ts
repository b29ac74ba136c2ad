import { WORD_CLASS } from './unicode';

/** Tokens written with no space before them: closing punctuation of many scripts. */
const NO_SPACE_BEFORE: ReadonlySet<string> = new Set(
  '. , ? ! ; : ) ] } » › ” ’ … % ‰ । ॥ ، ؛ ؟ ۔ 。 ， 、 ！ ？ ； ： ） ］ ｝ 〉 》 」 』 】'.split(
    ' ',
  ),
);

/** Tokens written with no space after them: opening punctuation of many scripts. */
const NO_SPACE_AFTER: ReadonlySet<string> = new Set(
  '¿ ¡ ( [ { « ‹ “ ‘ „ ‚ （ ［ ｛ 〈 《 「 『 【'.split(' '),
);

/**
 * Joins word-level tokens into text, undoing the punctuation splitting of
 * `splitWords`: tokens are separated by one space, except
 *
 * - none before closing punctuation: `.` `,` `?` `!` `;` `:` `…` `%` `)` `]` `}` `»` `”` `’`
 *   `।` `॥` and their Arabic and CJK counterparts;
 * - none after opening punctuation: `¿` `¡` `(` `[` `{` `«` `“` `‘` `„` `‚` and CJK brackets;
 * - straight quotes `"` and `'` alternate: the first of a pair opens (no space after),
 *   the second closes (no space before);
 * - German quotes: after `„` (or `‚`) the next `“` (or `‘`) closes it; otherwise `“` / `‘` open.
 *
 * So `['¿', 'Dónde', 'está', '?']` → `¿Dónde está?`.
 */
export function joinWords(tokens: readonly string[]): string {
  const spaces = spacesBefore(tokens);
  return tokens.map((token, i) => (spaces[i] ? ` ${token}` : token)).join('');
}

/** Whether `joinWords` writes a space before each token (never before the first). */
export function spacesBefore(tokens: readonly string[]): boolean[] {
  const spaces: boolean[] = [];
  let previousAttachesRight = true; // no space before the first token
  let straightDoubleOpen = false;
  let straightSingleOpen = false;
  let lowDoubleOpen = false;
  let lowSingleOpen = false;
  for (const token of tokens) {
    let attachLeft = NO_SPACE_BEFORE.has(token);
    let attachRight = NO_SPACE_AFTER.has(token);
    if (token === '"') {
      attachLeft = straightDoubleOpen;
      attachRight = !straightDoubleOpen;
      straightDoubleOpen = !straightDoubleOpen;
    } else if (token === "'") {
      attachLeft = straightSingleOpen;
      attachRight = !straightSingleOpen;
      straightSingleOpen = !straightSingleOpen;
    } else if (token === '„') {
      lowDoubleOpen = true;
    } else if (token === '‚') {
      lowSingleOpen = true;
    } else if (token === '“' && lowDoubleOpen) {
      [attachLeft, attachRight, lowDoubleOpen] = [true, false, false];
    } else if (token === '‘' && lowSingleOpen) {
      [attachLeft, attachRight, lowSingleOpen] = [true, false, false];
    }
    spaces.push(!previousAttachesRight && !attachLeft);
    previousAttachesRight = attachRight;
  }
  return spaces;
}

/**
 * The joiner mark (U+FFED, as in OpenNMT's tokenizer): on a token's left, the
 * spacing before it is the opposite of what `joinWords` would write; on its
 * right, the spacing after it is.
 */
export const JOINER = '\uffed';

const WORD_START = new RegExp(`^[${WORD_CLASS}]`, 'u');

/**
 * Marks with `JOINER` every gap where the text's spacing (`spaceBefore[i]`:
 * whitespace before token i) differs from what `joinWords` would write, so
 * `joinMarked` gives the text back exactly: `quad-core` → `quad`, `￭-￭`,
 * `core`; `6:30` → `6`, `:￭`, `30`. The mark goes on the punctuation side of
 * the gap (on the left of token i unless it is a word and token i − 1 is not),
 * so words keep their plain vocabulary entries.
 */
export function markJoins(tokens: readonly string[], spaceBefore: readonly boolean[]): string[] {
  const marked = [...tokens];
  const spaces = spacesBefore(tokens);
  for (let i = 1; i < tokens.length; i++) {
    if (spaces[i] === spaceBefore[i]) continue;
    const isWord = WORD_START.test(tokens[i] as string);
    if (isWord && !WORD_START.test(tokens[i - 1] as string)) {
      marked[i - 1] = `${marked[i - 1]}${JOINER}`;
    } else {
      marked[i] = `${JOINER}${marked[i]}`;
    }
  }
  return marked;
}

/** Joins tokens marked by `markJoins`: `joinWords`' spacing, flipped where a mark says so. */
export function joinMarked(tokens: readonly string[]): string {
  const flips = new Array<boolean>(tokens.length).fill(false);
  const plain = tokens.map((token, i) => {
    let text = token;
    if (text.length > 1 && text.startsWith(JOINER)) {
      flips[i] = !flips[i];
      text = text.slice(1);
    }
    if (text.length > 1 && text.endsWith(JOINER)) {
      if (i + 1 < tokens.length) flips[i + 1] = !flips[i + 1];
      text = text.slice(0, -1);
    }
    return text;
  });
  const spaces = spacesBefore(plain);
  return plain.map((token, i) => (i > 0 && spaces[i] !== flips[i] ? ` ${token}` : token)).join('');
}
