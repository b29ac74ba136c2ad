import type { SentencePair } from '@heed/data';
import { type DateAlignment, generateAlignedDates, loadBuiltinCorpus } from '@heed/data';
import type { TokenizerPair } from '@heed/models';
import { DATA_SEED } from '@heed/recipe';
import type { CompareConfig } from '../config/compare-config';

/** A sentence's gold alignment in token positions (`[target, source]` links, `sure` ⊆ `possible`). */
export type GoldAlignment = DateAlignment;

/**
 * The alignment known by construction of each test pair, in token
 * positions, for `builtin:dates` with the char tokenizer (a character is a
 * token) in the corpus's own direction; null for any other data, tokenizer
 * or direction. A pair whose tokens are not its characters gets undefined.
 */
export function dateAlignments(
  config: Pick<CompareConfig, 'data' | 'tokenizer' | 'reverse' | 'corpusSize'>,
  pairs: readonly SentencePair[],
  tokenizers: TokenizerPair,
): (GoldAlignment | undefined)[] | null {
  if (config.data !== 'builtin:dates' || config.tokenizer !== 'char' || config.reverse) return null;
  const size = loadBuiltinCorpus('dates', {
    ...(config.corpusSize === undefined ? {} : { size: config.corpusSize }),
    seed: DATA_SEED,
  }).pairs.length;
  const known = new Map(
    generateAlignedDates(size, DATA_SEED).map((pair) => [pair.source, pair.alignment]),
  );
  return pairs.map((pair) => {
    const charactersAreTokens =
      tokenizers.source.tokenize(pair.source).length === pair.source.length &&
      tokenizers.target.tokenize(pair.target).length === pair.target.length;
    return charactersAreTokens ? known.get(pair.source) : undefined;
  });
}
