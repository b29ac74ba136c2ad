import { splitWhitespace, strip } from '../python-text';

/**
 * The regular expressions of sacreBLEU's `TokenizerRegexp` (mteval-v13a's
 * language-dependent part), in order.
 */
const RULES: readonly (readonly [RegExp, string])[] = [
  // Punctuation and symbols in ASCII: {|}~ [\]^_` space!"#$%& ()*+ :;<=>?@ /
  [/([{-~[-` -&(-+:-@/])/gu, ' $1 '],
  // period and comma unless preceded by a digit
  [/([^0-9])([.,])/gu, '$1 $2 '],
  // period and comma unless followed by a digit
  [/([.,])([^0-9])/gu, ' $1 $2'],
  // dash when preceded by a digit
  [/([0-9])(-)/gu, '$1 $2 '],
];

/** sacreBLEU's regexp post-tokenizer: the rules above, then single spaces between tokens. */
export function tokenizeRegexp(line: string): string {
  let text = line;
  for (const [pattern, replacement] of RULES) text = text.replace(pattern, replacement);
  return splitWhitespace(strip(text)).join(' ');
}

/**
 * sacreBLEU's default `13a` tokenizer (mteval-v13a.pl, as used by WMT):
 * drops `<skipped>`, joins `-\n` line breaks, turns other newlines into
 * spaces, unescapes `&quot; &amp; &lt; &gt;`, pads the line with spaces and
 * splits off punctuation.
 */
export function tokenize13a(line: string): string {
  const text = line
    .replaceAll('<skipped>', '')
    .replaceAll('-\n', '')
    .replaceAll('\n', ' ')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>');
  return tokenizeRegexp(` ${text} `);
}
