const ATTACH_LEFT = new Set([',', '.', '?']);
const ATTACH_RIGHT = new Set(['¿']);

/** Joins tokens with spaces, without a space before `, . ?` or after `¿`, capitalising the first word. */
export function joinTokens(tokens: readonly string[]): string {
  let text = '';
  let glue = false;
  let capitalised = false;
  for (const token of tokens) {
    let word = token;
    if (!capitalised && /\p{L}/u.test(word)) {
      word = word.charAt(0).toUpperCase() + word.slice(1);
      capitalised = true;
    }
    if (text.length > 0 && !glue && !ATTACH_LEFT.has(word)) text += ' ';
    text += word;
    glue = ATTACH_RIGHT.has(word);
  }
  return text;
}
