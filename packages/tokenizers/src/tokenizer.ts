import { type EncodeBatchOptions, type EncodedBatch, finishRow, padRows, planBatch } from './batch';
import { TokenizerError } from './errors';
import {
  createNormalizer,
  type Normalizer,
  type NormalizerStep,
  validateNormalizerSteps,
} from './normalizers';
import { BOS_ID, EOS_ID, UNK_ID } from './special-tokens';
import {
  assertBoolean,
  assertKnownKeys,
  assertObject,
  formatValue,
  invalidArgument,
} from './validation';
import { Vocab, type VocabJSON } from './vocab';

/** The tokenizer kinds `tokenizerFromJSON` can rebuild. */
export type TokenizerKind = 'word' | 'char' | 'bpe';

/** The `format` tag of a serialised tokenizer. */
export const TOKENIZER_FORMAT = 'heed-tokenizer';
/** The tokenizer JSON version this build writes and reads. */
export const TOKENIZER_FORMAT_VERSION = 1;

/** What every serialised tokenizer holds. */
export interface TokenizerJSONBase {
  format: typeof TOKENIZER_FORMAT;
  version: typeof TOKENIZER_FORMAT_VERSION;
  kind: TokenizerKind;
  /** The normaliser steps, in order. */
  normalizer: NormalizerStep[];
  vocab: VocabJSON;
}

/** Options of `encode`. */
export interface EncodeOptions {
  /** Prepend `<s>` (BOS, id 1). Defaults to false. */
  addBos?: boolean;
  /** Append `</s>` (EOS, id 2). Defaults to false. */
  addEos?: boolean;
}

/** Options of `decode`. */
export interface DecodeOptions {
  /**
   * Leave out `<pad>`, `<s>`, `</s>` and the extra special tokens. `<unk>` is kept: it
   * stands for text that was there. Defaults to false.
   */
  skipSpecial?: boolean;
}

/** The interface every heed tokenizer implements. */
export interface Tokenizer {
  readonly kind: TokenizerKind;
  readonly vocab: Vocab;
  readonly normalizer: Normalizer;
  /** The text as the tokenizer sees it before splitting. */
  normalize(text: string): string;
  /** The token strings of `text` (words the vocabulary lacks are returned as they are). */
  tokenize(text: string): string[];
  /** The token ids of `text`; unknown tokens become `<unk>` (3). */
  encode(text: string, options?: EncodeOptions): number[];
  /** Encodes and pads many texts into one `[b, T]` Int32Array; see `EncodedBatch` for the layout. */
  encodeBatch(texts: readonly string[], options?: EncodeBatchOptions): EncodedBatch;
  /** Text from ids; throws a `TokenizerError` naming the first id outside the vocabulary. */
  decode(ids: ArrayLike<number>, options?: DecodeOptions): string;
  /** Decodes each row of a batch up to its length. */
  decodeBatch(batch: EncodedBatch, options?: DecodeOptions): string[];
  /** Plain JSON that `tokenizerFromJSON` turns back into an identical tokenizer. */
  toJSON(): TokenizerJSONBase;
}

/**
 * What word, character and BPE tokenizers share: normalisation, BOS/EOS, batching,
 * id checks and special-token skipping. A subclass supplies only how normalised
 * text becomes ids (`encodeNormalized`) and how ids become text (`render`).
 */
export abstract class BaseTokenizer implements Tokenizer {
  abstract readonly kind: TokenizerKind;
  readonly vocab: Vocab;
  readonly normalizer: Normalizer;

  protected constructor(vocab: Vocab, normalizer: Normalizer) {
    this.vocab = vocab;
    this.normalizer = normalizer;
  }

  /** The class name used in error messages. */
  protected abstract get owner(): string;

  /** Content ids of already-normalised text (no BOS/EOS). */
  protected abstract encodeNormalized(text: string): number[];

  /** Text from ids that are all valid and already filtered for `skipSpecial`. */
  protected abstract render(ids: readonly number[]): string;

  abstract tokenize(text: string): string[];

  abstract toJSON(): TokenizerJSONBase;

  normalize(text: string): string {
    this.assertText('normalize', text);
    return this.normalizer.normalize(text);
  }

  encode(text: string, options: EncodeOptions = {}): number[] {
    const owner = `${this.owner}.encode`;
    assertObject(owner, 'options', options);
    assertKnownKeys(owner, options, ['addBos', 'addEos']);
    const addBos = assertBoolean(owner, 'addBos', options.addBos ?? false);
    const addEos = assertBoolean(owner, 'addEos', options.addEos ?? false);
    const content = this.encodeNormalized(this.normalize(text));
    if (!addBos && !addEos) return content;
    const ids = addBos ? [BOS_ID] : [];
    for (const id of content) ids.push(id);
    if (addEos) ids.push(EOS_ID);
    return ids;
  }

  encodeBatch(texts: readonly string[], options: EncodeBatchOptions = {}): EncodedBatch {
    const owner = `${this.owner}.encodeBatch`;
    const plan = planBatch(owner, options);
    if (!Array.isArray(texts)) {
      throw new TokenizerError(
        `${owner}: texts must be an array of strings. Received: ${formatValue(texts)}`,
      );
    }
    const rows = texts.map((text, index) => {
      if (typeof text !== 'string') {
        throw new TokenizerError(
          `${owner}: texts[${index}] must be a string. Received: ${formatValue(text)}`,
        );
      }
      return finishRow(owner, this.encodeNormalized(this.normalize(text)), plan, index);
    });
    return padRows(owner, rows, plan);
  }

  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string {
    const owner = `${this.owner}.decode`;
    assertObject(owner, 'options', options);
    assertKnownKeys(owner, options, ['skipSpecial']);
    const skipSpecial = assertBoolean(owner, 'skipSpecial', options.skipSpecial ?? false);
    if (ids === null || typeof ids !== 'object' || typeof ids.length !== 'number') {
      throw new TokenizerError(
        `${owner}: ids must be an array of token ids. Received: ${formatValue(ids)}`,
      );
    }
    const kept: number[] = [];
    for (let position = 0; position < ids.length; position++) {
      const id = ids[position];
      this.vocab.assertId(owner, `ids[${position}]`, id);
      if (skipSpecial && id !== UNK_ID && this.vocab.isSpecial(id)) continue;
      kept.push(id);
    }
    return this.render(kept);
  }

  decodeBatch(batch: EncodedBatch, options: DecodeOptions = {}): string[] {
    const [rows, width] = batch.shape;
    const texts: string[] = [];
    for (let i = 0; i < rows; i++) {
      texts.push(
        this.decode(batch.ids.subarray(i * width, i * width + batch.lengths[i]!), options),
      );
    }
    return texts;
  }

  /** The fields every serialised tokenizer shares. */
  protected baseJSON(): TokenizerJSONBase {
    return {
      format: TOKENIZER_FORMAT,
      version: TOKENIZER_FORMAT_VERSION,
      kind: this.kind,
      normalizer: [...this.normalizer.steps],
      vocab: this.vocab.toJSON(),
    };
  }

  protected assertText(method: string, text: unknown): asserts text is string {
    if (typeof text !== 'string') {
      throw new TokenizerError(
        `${this.owner}.${method}: text must be a string. Received: ${formatValue(text)}`,
      );
    }
  }
}

/**
 * Checks the shared fields of a serialised tokenizer (format, version, kind, no
 * unknown keys) and rebuilds its normaliser and vocabulary.
 */
export function readTokenizerJSON(
  owner: string,
  json: unknown,
  kind: TokenizerKind,
  extraKeys: readonly string[] = [],
): { object: Record<string, unknown>; normalizer: Normalizer; vocab: Vocab } {
  const object = assertObject(owner, 'json', json);
  if (object.format !== TOKENIZER_FORMAT) {
    throw invalidArgument(owner, 'format', `must be '${TOKENIZER_FORMAT}'`, object.format);
  }
  if (object.version !== TOKENIZER_FORMAT_VERSION) {
    throw new TokenizerError(
      `${owner}: unsupported tokenizer format version ${formatValue(object.version)}; ` +
        `this version of @heed/tokenizers reads version ${TOKENIZER_FORMAT_VERSION}`,
    );
  }
  if (object.kind !== kind) throw invalidArgument(owner, 'kind', `must be '${kind}'`, object.kind);
  assertKnownKeys(owner, object, [
    'format',
    'version',
    'kind',
    'normalizer',
    'vocab',
    ...extraKeys,
  ]);
  const normalizer = createNormalizer(validateNormalizerSteps(owner, object.normalizer));
  return { object, normalizer, vocab: Vocab.fromJSON(object.vocab) };
}
