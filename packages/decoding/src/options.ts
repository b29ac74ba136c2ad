import {
  assertBoolean,
  assertNonNegativeInteger,
  assertPositiveInteger,
  assertShape,
  BOS_ID,
  EOS_ID,
  HeedError,
  invalidArgument,
  type Seq2SeqModel,
} from '@heed/core';
import type * as tf from '@tensorflow/tfjs-core';

/** Options every decoder shares. */
export interface DecodeOptions {
  /**
   * Most tokens generated per sentence, EOS included; a sentence that reaches
   * it without EOS ends there. Defaults to 2·S + 10 (S = padded source length).
   */
  maxLength?: number;
  /** Fewest tokens before EOS may be generated (EOS itself not counted). Defaults to 0. */
  minLength?: number;
  /** Also return each step's attention over the source (the model must give it). Defaults to false. */
  returnAttention?: boolean;
  /** Fed as the previous token at the first step. Defaults to 1 (BOS). */
  bosId?: number;
  /** Ends a sentence; never part of the returned tokens. Defaults to 2 (EOS). */
  eosId?: number;
}

export const DECODE_OPTION_KEYS = [
  'maxLength',
  'minLength',
  'returnAttention',
  'bosId',
  'eosId',
] as const;

/** `DecodeOptions` with defaults filled in. */
export type ResolvedDecodeOptions = Required<DecodeOptions>;

/** Validates the inputs and the shared options of every decoder. */
export function resolveDecodeOptions(
  owner: string,
  model: Seq2SeqModel,
  source: tf.Tensor2D,
  sourceLengths: tf.Tensor1D,
  options: DecodeOptions,
): ResolvedDecodeOptions {
  assertShape(owner, 'source', source.shape, [null, null]);
  const [b, S] = source.shape;
  assertShape(owner, 'sourceLengths', sourceLengths.shape, [b]);
  for (const [field, tensor] of [
    ['source', source],
    ['sourceLengths', sourceLengths],
  ] as const) {
    if (tensor.dtype !== 'int32') {
      throw invalidArgument(owner, `${field}.dtype`, "must be 'int32'", tensor.dtype);
    }
  }
  const maxLength = assertPositiveInteger(owner, 'maxLength', options.maxLength ?? 2 * S + 10);
  const minLength = assertNonNegativeInteger(owner, 'minLength', options.minLength ?? 0);
  if (minLength >= maxLength) {
    throw new HeedError(
      `${owner}: minLength must be less than maxLength. Received: minLength=${minLength}, maxLength=${maxLength}`,
    );
  }
  const V = model.targetVocabSize;
  const tokenId = (field: string, value: number) => {
    if (!Number.isInteger(value) || value < 0 || value >= V) {
      throw invalidArgument(owner, field, `must be a token id in [0, ${V})`, value);
    }
    return value;
  };
  return {
    maxLength,
    minLength,
    returnAttention: assertBoolean(owner, 'returnAttention', options.returnAttention ?? false),
    bosId: tokenId('bosId', options.bosId ?? BOS_ID),
    eosId: tokenId('eosId', options.eosId ?? EOS_ID),
  };
}
