import { codePoints } from '../python-text';
import { tokenize13a } from './tokenizer-13a';
import { tokenizeIntl } from './tokenizer-intl';

/** The tokenizers BLEU accepts, by their sacreBLEU signature names. */
export type BleuTokenizerName = '13a' | 'intl' | 'char' | 'none';

/** Each tokenizer maps a line to space-separated tokens. */
export const BLEU_TOKENIZERS: Readonly<Record<BleuTokenizerName, (line: string) => string>> = {
  '13a': tokenize13a,
  intl: tokenizeIntl,
  // sacreBLEU's `char`: every code point is a token (whitespace is dropped when splitting).
  char: (line) => codePoints(line).join(' '),
  none: (line) => line,
};

export { tokenize13a, tokenizeRegexp } from './tokenizer-13a';
export { tokenizeIntl } from './tokenizer-intl';
