import { countTokens } from './count-tokens';
import { createNormalizer, DEFAULT_NORMALIZER_STEPS, type NormalizerStep } from './normalizers';
import { BaseTokenizer, readTokenizerJSON, type TokenizerJSONBase } from './tokenizer';
import { graphemes } from './unicode';
import { assertKnownKeys, assertObject } from './validation';
import { Vocab, type VocabOptions } from './vocab';

/** Options of a `CharTokenizer`. */
export interface CharTokenizerOptions {
  /** Normaliser steps, applied in order. Defaults to `['nfc', 'collapse-whitespace']`. */
  normalizer?: readonly NormalizerStep[];
}

/** Options of `CharTokenizer.train`: the tokenizer's and the vocabulary's. */
export interface CharTrainOptions extends CharTokenizerOptions, VocabOptions {}

/** A serialised `CharTokenizer`. */
export interface CharTokenizerJSON extends TokenizerJSONBase {
  kind: 'char';
}

/**
 * Character-level tokenizer over extended grapheme clusters (`Intl.Segmenter`), so a
 * Devanagari consonant with its matra (`मा`), a letter with its accent (`é`, in either
 * normal form) or an emoji with its modifiers (`👍🏽`) is one token. Spaces are tokens
 * too (`' '`), so `decode` joins tokens with nothing and in-vocabulary text comes back
 * exactly.
 *
 * ```ts
 * const tokenizer = CharTokenizer.train(['मला काहीतरी प्यायला हवंय.']);
 * tokenizer.tokenize('मला'); // ['म', 'ला']
 * ```
 */
export class CharTokenizer extends BaseTokenizer {
  readonly kind = 'char' as const;

  constructor(vocab: Vocab, options: CharTokenizerOptions = {}) {
    assertObject('CharTokenizer', 'options', options);
    assertKnownKeys('CharTokenizer', options, ['normalizer']);
    super(vocab, createNormalizer(options.normalizer ?? DEFAULT_NORMALIZER_STEPS));
  }

  /**
   * Builds the vocabulary from a corpus: grapheme clusters counted at least
   * `minFrequency` times (default 1), most frequent first, at most `maxSize` (default unlimited).
   */
  static train(texts: Iterable<string>, options: CharTrainOptions = {}): CharTokenizer {
    const owner = 'CharTokenizer.train';
    assertObject(owner, 'options', options);
    assertKnownKeys(owner, options, ['normalizer', 'minFrequency', 'maxSize', 'specialTokens']);
    const { normalizer, ...vocabOptions } = options;
    const steps = normalizer ?? DEFAULT_NORMALIZER_STEPS;
    const normalize = createNormalizer(steps).normalize;
    const counts = countTokens(owner, texts, (text) => graphemes(normalize(text)));
    return new CharTokenizer(Vocab.fromCounts(counts, vocabOptions), { normalizer: steps });
  }

  /** Rebuilds a tokenizer from `toJSON()` output. */
  static fromJSON(json: unknown): CharTokenizer {
    const { normalizer, vocab } = readTokenizerJSON('CharTokenizer.fromJSON', json, 'char');
    return new CharTokenizer(vocab, { normalizer: normalizer.steps });
  }

  protected get owner(): string {
    return 'CharTokenizer';
  }

  tokenize(text: string): string[] {
    return graphemes(this.normalize(text));
  }

  protected encodeNormalized(text: string): number[] {
    return graphemes(text).map((cluster) => this.vocab.id(cluster));
  }

  protected render(ids: readonly number[]): string {
    return ids.map((id) => this.vocab.tokens[id]!).join('');
  }

  toJSON(): CharTokenizerJSON {
    return { ...this.baseJSON(), kind: 'char' };
  }
}
