import { countTokens } from './count-tokens';
import { joinWords } from './detokenizer';
import { createNormalizer, DEFAULT_NORMALIZER_STEPS, type NormalizerStep } from './normalizers';
import { splitWords } from './pre-tokenizer';
import { BaseTokenizer, readTokenizerJSON, type TokenizerJSONBase } from './tokenizer';
import { assertKnownKeys, assertObject } from './validation';
import { Vocab, type VocabOptions } from './vocab';

/** Options of a `WordTokenizer`. */
export interface WordTokenizerOptions {
  /** Normaliser steps, applied in order. Defaults to `['nfc', 'collapse-whitespace']`. */
  normalizer?: readonly NormalizerStep[];
}

/** Options of `WordTokenizer.train`: the tokenizer's and the vocabulary's. */
export interface WordTrainOptions extends WordTokenizerOptions, VocabOptions {}

/** A serialised `WordTokenizer`. */
export interface WordTokenizerJSON extends TokenizerJSONBase {
  kind: 'word';
}

/**
 * Word-level tokenizer: normalise, split into words and punctuation with
 * `splitWords` (Unicode-aware; see its apostrophe policy), look each token up in the
 * vocabulary (`<unk>` when absent). `decode` joins tokens with `joinWords`, so
 * `¿Dónde está?` comes back without spaces after `¿` or before `?`.
 *
 * ```ts
 * const tokenizer = WordTokenizer.train(['¿Dónde está la estación?']);
 * tokenizer.decode(tokenizer.encode('¿Dónde está la estación?')); // '¿Dónde está la estación?'
 * ```
 */
export class WordTokenizer extends BaseTokenizer {
  readonly kind = 'word' as const;

  constructor(vocab: Vocab, options: WordTokenizerOptions = {}) {
    assertObject('WordTokenizer', 'options', options);
    assertKnownKeys('WordTokenizer', options, ['normalizer']);
    super(vocab, createNormalizer(options.normalizer ?? DEFAULT_NORMALIZER_STEPS));
  }

  /**
   * Builds the vocabulary from a corpus: tokens counted at least `minFrequency` times
   * (default 1), most frequent first, at most `maxSize` (default unlimited).
   */
  static train(texts: Iterable<string>, options: WordTrainOptions = {}): WordTokenizer {
    const owner = 'WordTokenizer.train';
    assertObject(owner, 'options', options);
    assertKnownKeys(owner, options, ['normalizer', 'minFrequency', 'maxSize', 'specialTokens']);
    const { normalizer, ...vocabOptions } = options;
    const steps = normalizer ?? DEFAULT_NORMALIZER_STEPS;
    const normalize = createNormalizer(steps).normalize;
    const counts = countTokens(owner, texts, (text) => splitWords(normalize(text)));
    return new WordTokenizer(Vocab.fromCounts(counts, vocabOptions), { normalizer: steps });
  }

  /** Rebuilds a tokenizer from `toJSON()` output. */
  static fromJSON(json: unknown): WordTokenizer {
    const { normalizer, vocab } = readTokenizerJSON('WordTokenizer.fromJSON', json, 'word');
    return new WordTokenizer(vocab, { normalizer: normalizer.steps });
  }

  protected get owner(): string {
    return 'WordTokenizer';
  }

  tokenize(text: string): string[] {
    return splitWords(this.normalize(text));
  }

  protected encodeNormalized(text: string): number[] {
    return splitWords(text).map((token) => this.vocab.id(token));
  }

  protected render(ids: readonly number[]): string {
    return joinWords(ids.map((id) => this.vocab.tokens[id]!));
  }

  toJSON(): WordTokenizerJSON {
    return { ...this.baseJSON(), kind: 'word' };
  }
}
