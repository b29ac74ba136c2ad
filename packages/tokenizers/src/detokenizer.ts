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
  let out = '';
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
    if (!previousAttachesRight && !attachLeft) out += ' ';
    out += token;
    previousAttachesRight = attachRight;
  }
  return out;
}
