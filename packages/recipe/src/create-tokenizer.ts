import type { TokenizerPair } from '@heed/models';
import {
  BpeTokenizer,
  CharTokenizer,
  DEFAULT_NORMALIZER_STEPS,
  type NormalizerStep,
  type Tokenizer,
  WordTokenizer,
} from '@heed/tokenizers';
import type { RecipeConfig } from './recipe-config';

/** The normaliser steps a config asks for: NFC, whitespace collapsing, and lowercasing with `lowercase`. */
export function normalizerSteps(config: Pick<RecipeConfig, 'lowercase'>): NormalizerStep[] {
  return config.lowercase
    ? [...DEFAULT_NORMALIZER_STEPS, 'lowercase']
    : [...DEFAULT_NORMALIZER_STEPS];
}

/**
 * Trains one tokenizer of the config's kind on `texts`: `word` and `char`
 * keep the `vocabSize` most frequent tokens, `bpe` learns merges up to
 * `vocabSize` pieces (with byte fallback, so no text is unknown).
 */
export function trainTokenizer(
  texts: readonly string[],
  config: Pick<RecipeConfig, 'tokenizer' | 'vocabSize' | 'lowercase'>,
): Tokenizer {
  const normalizer = normalizerSteps(config);
  switch (config.tokenizer) {
    case 'word':
      return WordTokenizer.train(texts, { maxSize: config.vocabSize, normalizer });
    case 'char':
      return CharTokenizer.train(texts, { maxSize: config.vocabSize, normalizer });
    case 'bpe':
      return BpeTokenizer.train(texts, { vocabSize: config.vocabSize, normalizer });
  }
}

/** Trains the source and target tokenizers on the sides of `pairs`. */
export function trainTokenizers(
  pairs: readonly { source: string; target: string }[],
  config: Pick<RecipeConfig, 'tokenizer' | 'vocabSize' | 'lowercase'>,
): TokenizerPair {
  return {
    source: trainTokenizer(
      pairs.map((pair) => pair.source),
      config,
    ),
    target: trainTokenizer(
      pairs.map((pair) => pair.target),
      config,
    ),
  };
}
