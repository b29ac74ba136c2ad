import * as tf from '@tensorflow/tfjs-core';
import type { AttentionBase } from '../src/attention-base';
import type { AttentionConfig } from '../src/config';
import { attentionOptionSchema, createAttention } from '../src/registry';

/** One small configuration of every variant and option combination worth testing. */
export const VARIANT_CONFIGS: AttentionConfig[] = [
  { type: 'additive', queryDim: 4, keyDim: 5, valueDim: 3, units: 6 },
  { type: 'additive', queryDim: 4, keyDim: 5, valueDim: 3, normalize: true, useBias: false },
  { type: 'dot', queryDim: 4, keyDim: 4, valueDim: 3 },
  { type: 'scaled-dot', queryDim: 4, keyDim: 4, valueDim: 3, scale: true },
  { type: 'general', queryDim: 4, keyDim: 5, valueDim: 3 },
  { type: 'general', queryDim: 4, keyDim: 5, valueDim: 3, scale: true },
  { type: 'concat', queryDim: 4, keyDim: 5, valueDim: 3, units: 6 },
  { type: 'local-m', queryDim: 4, keyDim: 5, valueDim: 3, window: 1 },
  { type: 'local-m', queryDim: 4, keyDim: 4, valueDim: 3, window: 2, score: 'dot', gaussian: true },
  { type: 'local-p', queryDim: 4, keyDim: 5, valueDim: 3, window: 2, score: 'concat', units: 6 },
  { type: 'local-p', queryDim: 4, keyDim: 5, valueDim: 3, window: 1 },
  { type: 'local-p', queryDim: 4, keyDim: 5, valueDim: 3, window: 2, gaussian: false },
  { type: 'local-m', queryDim: 4, keyDim: 5, valueDim: 3, window: 1, score: 'additive', units: 6 },
  { type: 'local-p', queryDim: 4, keyDim: 4, valueDim: 3, window: 2, score: 'scaled-dot' },
  { type: 'multihead', queryDim: 4, keyDim: 4, valueDim: 4, heads: 2 },
  { type: 'multihead', queryDim: 4, keyDim: 5, valueDim: 3, units: 6, heads: 3 },
  { type: 'none', queryDim: 4, keyDim: 5, valueDim: 3 },
];

/** A readable name for a test title. */
export function describeConfig(config: AttentionConfig): string {
  const { type, queryDim: _q, keyDim: _k, valueDim: _v, ...options } = config;
  const extras = Object.entries(options).map(([key, value]) => `${key}=${value}`);
  return extras.length > 0 ? `${type} (${extras.join(', ')})` : type;
}

/** Builds a variant as the base class, so tests reach `assignParameters` and friends. */
export function buildAttention(config: AttentionConfig): AttentionBase {
  return createAttention(config) as AttentionBase;
}

/** Seeded random inputs for `config`'s sizes. */
export function randomInputs(
  config: AttentionConfig,
  sizes: { b: number; S: number; T: number },
  seed: number,
): { query: tf.Tensor3D; keys: tf.Tensor3D; values: tf.Tensor3D } {
  const { b, S, T } = sizes;
  return {
    query: tf.randomNormal([b, T, config.queryDim], 0, 1, 'float32', seed),
    keys: tf.randomNormal([b, S, config.keyDim], 0, 1, 'float32', seed + 1),
    values: tf.randomNormal([b, S, config.valueDim ?? config.keyDim], 0, 1, 'float32', seed + 2),
  };
}

/** `config` plus those of `options` that its type has (`none` has no `dropout`, for one). */
export function withOptions(
  config: AttentionConfig,
  options: Readonly<Record<string, unknown>>,
): AttentionConfig {
  const schema = attentionOptionSchema(config.type, config);
  const known = Object.entries(options).filter(([name]) => Object.hasOwn(schema, name));
  return { ...config, ...Object.fromEntries(known) } as AttentionConfig;
}
