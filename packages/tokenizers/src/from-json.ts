import { BpeTokenizer } from './bpe-tokenizer';
import { CharTokenizer } from './char-tokenizer';
import { TokenizerError } from './errors';
import type { Tokenizer } from './tokenizer';
import { formatValue } from './validation';
import { WordTokenizer } from './word-tokenizer';

/**
 * Rebuilds any tokenizer from its `toJSON()` output, choosing the class by `kind`
 * (`'word'`, `'char'` or `'bpe'`).
 *
 * ```ts
 * const copy = tokenizerFromJSON(JSON.parse(JSON.stringify(tokenizer.toJSON())));
 * ```
 */
export function tokenizerFromJSON(json: unknown): Tokenizer {
  const kind =
    typeof json === 'object' && json !== null ? (json as { kind?: unknown }).kind : undefined;
  switch (kind) {
    case 'word':
      return WordTokenizer.fromJSON(json);
    case 'char':
      return CharTokenizer.fromJSON(json);
    case 'bpe':
      return BpeTokenizer.fromJSON(json);
    default:
      throw new TokenizerError(
        `tokenizerFromJSON: kind must be one of 'word', 'char', 'bpe'. Received: kind=${formatValue(kind)}`,
      );
  }
}
