import type { AttentionSpec } from '@heed/attention';
import {
  assertBoolean,
  assertInRange,
  assertKnownKeys,
  assertOneOf,
  assertPositiveInteger,
  invalidArgument,
} from '@heed/core';

/** Everything that defines a `Transformer`. */
export interface TransformerConfig {
  sourceVocabSize: number;
  targetVocabSize: number;
  /** d, the width of every layer. Defaults to 256. */
  modelDim?: number;
  /** Attention heads; must divide `modelDim`. Defaults to 4. */
  heads?: number;
  /** Defaults to 3. */
  encoderLayers?: number;
  /** Defaults to 3. */
  decoderLayers?: number;
  /** Inner size of the position-wise feed-forward. Defaults to 4·modelDim. */
  feedForwardDim?: number;
  /** Dropout after attention, feed-forward and embeddings. Defaults to 0.1. */
  dropout?: number;
  /** Feed-forward activation. Defaults to 'relu'. */
  activation?: 'relu' | 'gelu';
  /** LayerNorm before each sub-layer (`pre`, with a final norm) or after the residual (`post`). Defaults to 'pre'. */
  norm?: 'pre' | 'post';
  /** Defaults to 'sinusoidal'. */
  positional?: 'sinusoidal' | 'learned';
  /** Longest sequence the positional encoding covers. Defaults to 512. */
  maxLength?: number;
  /** Decoder input embedding = output projection (Press & Wolf 2017). Defaults to false. */
  tieEmbeddings?: boolean;
  /**
   * Cross-attention built by `createAttention`; any registered type whose
   * context is `modelDim` wide. `queryDim`/`keyDim`/`valueDim` are filled in.
   * Defaults to `{ type: 'multihead' }` with `heads` heads.
   */
  crossAttention?: AttentionSpec;
  /** Defaults to 0. */
  seed?: number;
}

/** A config with every default filled in. */
export type ResolvedTransformerConfig = Required<TransformerConfig>;

const KNOWN = [
  'sourceVocabSize',
  'targetVocabSize',
  'modelDim',
  'heads',
  'encoderLayers',
  'decoderLayers',
  'feedForwardDim',
  'dropout',
  'activation',
  'norm',
  'positional',
  'maxLength',
  'tieEmbeddings',
  'crossAttention',
  'seed',
] as const;

/** Validates `config` and fills in defaults. */
export function resolveTransformerConfig(config: TransformerConfig): ResolvedTransformerConfig {
  const owner = 'Transformer';
  assertKnownKeys(owner, config, KNOWN);
  const modelDim = assertPositiveInteger(owner, 'modelDim', config.modelDim ?? 256);
  const heads = assertPositiveInteger(owner, 'heads', config.heads ?? 4);
  if (modelDim % heads !== 0) {
    throw invalidArgument(owner, 'heads', `must divide modelDim (${modelDim})`, heads);
  }
  return {
    sourceVocabSize: assertPositiveInteger(owner, 'sourceVocabSize', config.sourceVocabSize),
    targetVocabSize: assertPositiveInteger(owner, 'targetVocabSize', config.targetVocabSize),
    modelDim,
    heads,
    encoderLayers: assertPositiveInteger(owner, 'encoderLayers', config.encoderLayers ?? 3),
    decoderLayers: assertPositiveInteger(owner, 'decoderLayers', config.decoderLayers ?? 3),
    feedForwardDim: assertPositiveInteger(
      owner,
      'feedForwardDim',
      config.feedForwardDim ?? 4 * modelDim,
    ),
    dropout: assertInRange(owner, 'dropout', config.dropout ?? 0.1, 0, 0.99),
    activation: assertOneOf(owner, 'activation', config.activation ?? 'relu', ['relu', 'gelu']),
    norm: assertOneOf(owner, 'norm', config.norm ?? 'pre', ['pre', 'post']),
    positional: assertOneOf(owner, 'positional', config.positional ?? 'sinusoidal', [
      'sinusoidal',
      'learned',
    ]),
    maxLength: assertPositiveInteger(owner, 'maxLength', config.maxLength ?? 512),
    tieEmbeddings: assertBoolean(owner, 'tieEmbeddings', config.tieEmbeddings ?? false),
    crossAttention: config.crossAttention ?? { type: 'multihead', heads },
    seed: config.seed ?? 0,
  };
}
