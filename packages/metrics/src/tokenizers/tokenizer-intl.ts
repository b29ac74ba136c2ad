import { splitWhitespace } from '../python-text';

/**
 * sacreBLEU's `intl` tokenizer (mteval-v14.pl's international tokenization):
 * splits Unicode punctuation off unless it sits between digits, and every
 * Unicode symbol. Character classes come from the JavaScript engine's
 * Unicode tables, which may differ from Python `regex`'s for code points
 * assigned in recent Unicode versions.
 */
const RULES: readonly (readonly [RegExp, string])[] = [
  [/(\P{N})(\p{P})/gu, '$1 $2 '],
  [/(\p{P})(\P{N})/gu, ' $1 $2'],
  [/(\p{S})/gu, ' $1 '],
];

export function tokenizeIntl(line: string): string {
  let text = line;
  for (const [pattern, replacement] of RULES) text = text.replace(pattern, replacement);
  return splitWhitespace(text).join(' ');
}
