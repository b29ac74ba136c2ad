import {
  BpeTokenizer,
  CharTokenizer,
  DEFAULT_NORMALIZER_STEPS,
  type NormalizerStep,
  type Tokenizer,
  tokenizerFromJSON,
  WordTokenizer,
} from '@heed/tokenizers';
import type { NmtConfig } from '../config/nmt-config';

/** A source and a target tokenizer: each language gets its own vocabulary. */
export interface TokenizerPair {
  source: Tokenizer;
  target: Tokenizer;
}

/** The tokenizers as stored in a checkpoint (`config.json` → `vocab`). */
export interface TokenizerPairJSON {
  source: unknown;
  target: unknown;
}

/** The normaliser steps a config asks for: NFC, whitespace collapsing, and lowercasing with `lowercase`. */
export function normalizerSteps(config: Pick<NmtConfig, 'lowercase'>): NormalizerStep[] {
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
  config: Pick<NmtConfig, 'tokenizer' | 'vocabSize' | 'lowercase'>,
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
  config: Pick<NmtConfig, 'tokenizer' | 'vocabSize' | 'lowercase'>,
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

export function tokenizersToJSON(tokenizers: TokenizerPair): TokenizerPairJSON {
  return { source: tokenizers.source.toJSON(), target: tokenizers.target.toJSON() };
}

export function tokenizersFromJSON(json: TokenizerPairJSON): TokenizerPair {
  return { source: tokenizerFromJSON(json.source), target: tokenizerFromJSON(json.target) };
}
