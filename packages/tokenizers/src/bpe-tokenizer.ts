import { BpeModel } from './bpe/bpe-model';
import { BYTE_TOKENS, utf8Bytes, utf8Text } from './bpe/byte-fallback';
import { MAX_SYMBOLS } from './bpe/pair-key';
import { PreTokenCounts } from './bpe/pre-token-counts';
import { forEachPreToken, WORD_BOUNDARY } from './bpe/pre-tokenize';
import { trainBpe } from './bpe/train-bpe';
import { forEachText } from './count-tokens';
import { TokenizerError } from './errors';
import {
  collapseWhitespace,
  createNormalizer,
  DEFAULT_NORMALIZER_STEPS,
  type Normalizer,
  type NormalizerStep,
} from './normalizers';
import { UNK_ID } from './special-tokens';
import { BaseTokenizer, readTokenizerJSON, type TokenizerJSONBase } from './tokenizer';
import {
  assertBoolean,
  assertKnownKeys,
  assertNonNegativeInteger,
  assertObject,
  assertPositiveInteger,
  formatValue,
  invalidArgument,
} from './validation';
import { Vocab } from './vocab';

/** Options of a `BpeTokenizer`. */
export interface BpeTokenizerOptions {
  /**
   * Normaliser steps, applied in order; the BPE pipeline then always maps `▁` to a
   * space and collapses whitespace (see `BpeTokenizer#normalize`).
   * Defaults to `['nfc', 'collapse-whitespace']`.
   */
  normalizer?: readonly NormalizerStep[];
  /**
   * Encode characters outside the vocabulary as their UTF-8 bytes (`<0x00>` … `<0xFF>`,
   * 256 tokens kept in the vocabulary) instead of `<unk>`, so every text round-trips.
   * Defaults to true.
   */
  byteFallback?: boolean;
}

/** Options of `BpeTokenizer.train`. */
export interface BpeTrainOptions extends BpeTokenizerOptions {
  /**
   * The vocabulary size, special tokens and the 256 byte tokens included (as
   * SentencePiece's `vocab_size`). Defaults to 8000.
   */
  vocabSize?: number;
  /** Characters and pairs counted fewer times are neither kept nor merged. Defaults to 2. */
  minFrequency?: number;
  /** Extra special (control) tokens, given ids 4, 5, …; never produced from text. Defaults to `[]`. */
  specialTokens?: readonly string[];
}

/** A serialised `BpeTokenizer`. */
export interface BpeTokenizerJSON extends TokenizerJSONBase {
  kind: 'bpe';
  /** Merges in rank order, as `[left, right]` pieces. */
  merges: [string, string][];
  byteFallback: boolean;
}

const OPTION_KEYS = ['normalizer', 'byteFallback'] as const;
const TRAIN_KEYS = [...OPTION_KEYS, 'vocabSize', 'minFrequency', 'specialTokens'] as const;
const BOUNDARY_EVERYWHERE = new RegExp(WORD_BOUNDARY, 'g');

/**
 * Byte-pair encoding with a word-boundary marker: text is normalised, split into
 * pre-tokens (words and single punctuation characters, each carrying the space before
 * it), and each pre-token is segmented by the learned merges into pieces; a piece that
 * starts a space-preceded pre-token begins with `▁` (U+2581). Decoding concatenates the
 * pieces and turns `▁` back into spaces, so `decode(encode(s)) === normalize(s)` for every
 * string (with `byteFallback`; without it, characters outside the vocabulary become `<unk>`).
 *
 * Vocabulary ids: the special tokens, then all pieces by descending count in the encoded
 * training corpus (ties: alphabet before merges, in learning order), then byte tokens never used.
 *
 * ```ts
 * const bpe = BpeTokenizer.train(corpus, { vocabSize: 8000 });
 * bpe.tokenize('¿Dónde está la estación?'); // ['▁¿', 'Dónde', '▁está', '▁la', '▁estación', '?']
 * ```
 */
export class BpeTokenizer extends BaseTokenizer {
  readonly kind = 'bpe' as const;
  /** Merges in rank order. */
  readonly merges: readonly (readonly [string, string])[];
  readonly byteFallback: boolean;
  private readonly model: BpeModel;
  /** The byte value of each byte-token id, or −1. */
  private readonly byteOf: Int16Array;

  /**
   * @param vocab Must hold every piece the merges use, and the 256 byte tokens when
   *   `byteFallback` is on.
   * @param merges `[left, right]` pairs in rank order.
   */
  constructor(
    vocab: Vocab,
    merges: readonly (readonly [string, string])[],
    options: BpeTokenizerOptions = {},
  ) {
    const owner = 'BpeTokenizer';
    assertObject(owner, 'options', options);
    assertKnownKeys(owner, options, OPTION_KEYS);
    super(vocab, createNormalizer(options.normalizer ?? DEFAULT_NORMALIZER_STEPS));
    this.byteFallback = assertBoolean(owner, 'byteFallback', options.byteFallback ?? true);
    if (!Array.isArray(merges)) {
      throw invalidArgument(owner, 'merges', 'must be an array of [left, right] pairs', merges);
    }
    this.merges = Object.freeze(
      merges.map((merge: unknown, rank) => {
        if (
          !Array.isArray(merge) ||
          merge.length !== 2 ||
          typeof merge[0] !== 'string' ||
          typeof merge[1] !== 'string'
        ) {
          throw invalidArgument(
            owner,
            `merges[${rank}]`,
            'must be a [left, right] pair of strings',
            merge,
          );
        }
        return Object.freeze([merge[0], merge[1]] as [string, string]);
      }),
    );
    this.byteOf = new Int16Array(vocab.size).fill(-1);
    const byteIds: number[] = [];
    if (this.byteFallback) {
      BYTE_TOKENS.forEach((token, byte) => {
        if (!vocab.has(token)) {
          throw new TokenizerError(
            `${owner}: byteFallback needs the byte token ${formatValue(token)} in the vocabulary`,
          );
        }
        const id = vocab.id(token);
        this.byteOf[id] = byte;
        byteIds.push(id);
      });
    }
    const lookup = (piece: string): number | undefined => {
      const id = vocab.find(piece);
      return id !== undefined && !vocab.isSpecial(id) && this.byteOf[id] === -1 ? id : undefined;
    };
    const fallback = this.byteFallback
      ? (character: string, out: number[]) => {
          for (const byte of utf8Bytes(character)) out.push(byteIds[byte]!);
        }
      : (_character: string, out: number[]) => {
          out.push(UNK_ID);
        };
    this.model = new BpeModel(owner, vocab.size - 1, this.merges, lookup, fallback);
  }

  /**
   * Learns merges from a corpus (see `trainBpe` for the algorithm and its documented
   * tie-breaking) and builds the vocabulary.
   */
  static train(texts: Iterable<string>, options: BpeTrainOptions = {}): BpeTokenizer {
    const owner = 'BpeTokenizer.train';
    assertObject(owner, 'options', options);
    assertKnownKeys(owner, options, TRAIN_KEYS);
    const vocabSize = assertPositiveInteger(owner, 'vocabSize', options.vocabSize ?? 8000);
    if (vocabSize > MAX_SYMBOLS) {
      throw invalidArgument(owner, 'vocabSize', `must be at most ${MAX_SYMBOLS}`, vocabSize);
    }
    const minFrequency = assertNonNegativeInteger(owner, 'minFrequency', options.minFrequency ?? 2);
    const byteFallback = assertBoolean(owner, 'byteFallback', options.byteFallback ?? true);
    const steps = options.normalizer ?? DEFAULT_NORMALIZER_STEPS;
    const specialTokens = options.specialTokens ?? [];
    // Validates the special tokens before the corpus is read.
    const reserved = Vocab.fromCounts([], { specialTokens }).specialCount;
    const fixed = reserved + (byteFallback ? BYTE_TOKENS.length : 0);
    if (vocabSize <= fixed) {
      throw invalidArgument(
        owner,
        'vocabSize',
        `must exceed the ${reserved} special tokens${byteFallback ? ' and 256 byte tokens' : ''} (${fixed})`,
        vocabSize,
      );
    }
    const normalizer = createNormalizer(steps);
    const words = new PreTokenCounts();
    const add = words.add.bind(words);
    forEachText(owner, texts, (text) => forEachPreToken(normalizeForBpe(normalizer, text), add));
    const { pieces, merges } = trainBpe(words, { maxPieces: vocabSize - fixed, minFrequency });
    for (const token of specialTokens) {
      if (pieces.includes(token) || (byteFallback && BYTE_TOKENS.includes(token))) {
        throw new TokenizerError(
          `${owner}: special token ${formatValue(token)} is also a learned piece or a byte token`,
        );
      }
    }
    const counts = pieceCounts(words, pieces, merges, byteFallback);
    const entries = [...pieces, ...(byteFallback ? BYTE_TOKENS : [])].map(
      (piece, index) => [piece, counts[index]!] as const,
    );
    const vocab = Vocab.fromCounts(entries, { minFrequency: 0, specialTokens });
    return new BpeTokenizer(vocab, merges, { normalizer: steps, byteFallback });
  }

  /** Rebuilds a tokenizer from `toJSON()` output. */
  static fromJSON(json: unknown): BpeTokenizer {
    const owner = 'BpeTokenizer.fromJSON';
    const { object, normalizer, vocab } = readTokenizerJSON(owner, json, 'bpe', [
      'merges',
      'byteFallback',
    ]);
    const byteFallback = assertBoolean(owner, 'byteFallback', object.byteFallback);
    if (!Array.isArray(object.merges)) {
      throw invalidArgument(
        owner,
        'merges',
        'must be an array of [left, right] pairs',
        object.merges,
      );
    }
    return new BpeTokenizer(vocab, object.merges as [string, string][], {
      normalizer: normalizer.steps,
      byteFallback,
    });
  }

  protected get owner(): string {
    return 'BpeTokenizer';
  }

  /**
   * The BPE pipeline's normalisation: the configured steps, then `▁` (U+2581) becomes a
   * space and whitespace is collapsed (runs → one space, ends trimmed). This is exactly
   * what `decode(encode(text))` returns.
   */
  override normalize(text: string): string {
    this.assertText('normalize', text);
    return normalizeForBpe(this.normalizer, text);
  }

  /** The pieces of `text` (`▁` marks a preceding space; `<0xE2>`-style tokens are bytes). */
  tokenize(text: string): string[] {
    return this.encode(text).map((id) => this.vocab.tokens[id]!);
  }

  protected encodeNormalized(text: string): number[] {
    const ids: number[] = [];
    forEachPreToken(text, (preToken, spaced) => {
      for (const id of this.model.encode(preToken, spaced)) ids.push(id);
    });
    return ids;
  }

  protected render(ids: readonly number[]): string {
    let text = '';
    const bytes: number[] = [];
    for (const id of ids) {
      const byte = this.byteOf[id]!;
      if (byte >= 0) {
        bytes.push(byte);
        continue;
      }
      if (bytes.length > 0) {
        text += utf8Text(bytes);
        bytes.length = 0;
      }
      text += this.vocab.tokens[id];
    }
    if (bytes.length > 0) text += utf8Text(bytes);
    text = text.replace(BOUNDARY_EVERYWHERE, ' ');
    return text.startsWith(' ') ? text.slice(1) : text;
  }

  toJSON(): BpeTokenizerJSON {
    return {
      ...this.baseJSON(),
      kind: 'bpe',
      merges: this.merges.map(([left, right]) => [left, right]),
      byteFallback: this.byteFallback,
    };
  }
}

/** The configured steps, then `▁` → space and whitespace collapsing. */
function normalizeForBpe(normalizer: Normalizer, text: string): string {
  const normalized = normalizer.normalize(text);
  return collapseWhitespace(
    normalized.includes(WORD_BOUNDARY) ? normalized.replace(BOUNDARY_EVERYWHERE, ' ') : normalized,
  );
}

/**
 * How often each piece (then each byte token) occurs when the training pre-tokens are
 * encoded with the learned merges, so the vocabulary order reflects real use.
 */
function pieceCounts(
  words: PreTokenCounts,
  pieces: readonly string[],
  merges: readonly (readonly [string, string])[],
  byteFallback: boolean,
): number[] {
  const pieceIds = new Map(pieces.map((piece, id) => [piece, id]));
  const counts = new Array<number>(pieces.length + (byteFallback ? 256 : 0)).fill(0);
  const model = new BpeModel(
    'BpeTokenizer.train',
    counts.length - 1,
    merges,
    (piece) => pieceIds.get(piece),
    byteFallback
      ? (character, out) => {
          for (const byte of utf8Bytes(character)) out.push(pieces.length + byte);
        }
      : (_character, out) => {
          out.push(-1);
        },
  );
  for (const [word, spaced, frequency] of words.entries()) {
    for (const id of model.encode(word, spaced)) if (id >= 0) counts[id]! += frequency;
  }
  return counts;
}
