import { countTokens } from './count-tokens';
import { joinMarked, joinWords, markJoins } from './detokenizer';
import { createNormalizer, DEFAULT_NORMALIZER_STEPS, type NormalizerStep } from './normalizers';
import { splitWords, splitWordsSpaced } from './pre-tokenizer';
import { BaseTokenizer, readTokenizerJSON, type TokenizerJSONBase } from './tokenizer';
import { assertKnownKeys, assertObject, invalidArgument } from './validation';
import { Vocab, type VocabOptions } from './vocab';

/** Options of a `WordTokenizer`. */
export interface WordTokenizerOptions {
  /** Normaliser steps, applied in order. Defaults to `['nfc', 'collapse-whitespace']`. */
  normalizer?: readonly NormalizerStep[];
  /**
   * Mark with `JOINER` (U+FFED) each gap whose spacing differs from what
   * `joinWords` would write (`quad-core` → `quad ￭-￭ core`), so decoding gives
   * the normalised text back exactly. Defaults to true; tokenizers saved
   * before this option existed load with false and keep their tokens.
   */
  markJoins?: boolean;
}

/** Options of `WordTokenizer.train`: the tokenizer's and the vocabulary's. */
export interface WordTrainOptions extends WordTokenizerOptions, VocabOptions {}

/** A serialised `WordTokenizer`. */
export interface WordTokenizerJSON extends TokenizerJSONBase {
  kind: 'word';
  /** Absent (false) in tokenizers saved before joins were marked. */
  markJoins?: boolean;
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
  readonly markJoins: boolean;

  constructor(vocab: Vocab, options: WordTokenizerOptions = {}) {
    assertObject('WordTokenizer', 'options', options);
    assertKnownKeys('WordTokenizer', options, ['normalizer', 'markJoins']);
    super(vocab, createNormalizer(options.normalizer ?? DEFAULT_NORMALIZER_STEPS));
    this.markJoins = options.markJoins ?? true;
  }

  /**
   * Builds the vocabulary from a corpus: tokens counted at least `minFrequency` times
   * (default 1), most frequent first, at most `maxSize` (default unlimited).
   */
  static train(texts: Iterable<string>, options: WordTrainOptions = {}): WordTokenizer {
    const owner = 'WordTokenizer.train';
    assertObject(owner, 'options', options);
    assertKnownKeys(owner, options, [
      'normalizer',
      'markJoins',
      'minFrequency',
      'maxSize',
      'specialTokens',
    ]);
    const { normalizer, markJoins = true, ...vocabOptions } = options;
    const steps = normalizer ?? DEFAULT_NORMALIZER_STEPS;
    const normalize = createNormalizer(steps).normalize;
    const counts = countTokens(owner, texts, (text) => wordTokens(normalize(text), markJoins));
    return new WordTokenizer(Vocab.fromCounts(counts, vocabOptions), {
      normalizer: steps,
      markJoins,
    });
  }

  /** Rebuilds a tokenizer from `toJSON()` output. */
  static fromJSON(json: unknown): WordTokenizer {
    const owner = 'WordTokenizer.fromJSON';
    const { object, normalizer, vocab } = readTokenizerJSON(owner, json, 'word', ['markJoins']);
    const markJoins = object.markJoins ?? false;
    if (typeof markJoins !== 'boolean') {
      throw invalidArgument(owner, 'markJoins', 'must be a boolean', markJoins);
    }
    return new WordTokenizer(vocab, { normalizer: normalizer.steps, markJoins });
  }

  protected get owner(): string {
    return 'WordTokenizer';
  }

  tokenize(text: string): string[] {
    return wordTokens(this.normalize(text), this.markJoins);
  }

  protected encodeNormalized(text: string): number[] {
    return wordTokens(text, this.markJoins).map((token) => this.vocab.id(token));
  }

  protected render(ids: readonly number[]): string {
    const tokens = ids.map((id) => this.vocab.tokens[id]!);
    return this.markJoins ? joinMarked(tokens) : joinWords(tokens);
  }

  toJSON(): WordTokenizerJSON {
    return { ...this.baseJSON(), kind: 'word', ...(this.markJoins ? { markJoins: true } : {}) };
  }
}

/** `splitWords`, with unusual spacing marked when `markJoins` (see `markJoins`). */
function wordTokens(text: string, marked: boolean): string[] {
  if (!marked) return splitWords(text);
  const { tokens, spaceBefore } = splitWordsSpaced(text);
  return markJoins(tokens, spaceBefore);
}
