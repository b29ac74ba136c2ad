// cosine-attention.ts
import {
  type AttentionDimensions,
  defineAttention,
  numberInRange,
  type OptionsOf,
  registerAttention,
  ScoredAttention,
  scoredOptions,
} from '@heed/attention';
import { type AttentionMemory, initializers, torchLinear } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';

/** The options: each one's check, default and kind (for the command line). */
const cosineOptions = {
  /** Initial temperature τ (learned from there). Defaults to 0.1. */
  temperature: numberInRange(1e-3, 1e3, 0.1),
  /** Dropout on the weights while training. Defaults to 0. */
  ...scoredOptions,
};

/**
 * Cosine-similarity attention with a learned temperature:
 * `score(q, k) = cos(W q, k) / τ`. Parameters: `W [dk, dq]`, `log_temperature`.
 */
export class CosineAttention extends ScoredAttention<typeof cosineOptions> {
  readonly contextDim: number;
  readonly #W: tf.Variable;
  readonly #logTemperature: tf.Variable;

  constructor(config: AttentionDimensions & OptionsOf<typeof cosineOptions>) {
    super('CosineAttention', 'cosine', cosineOptions, config);
    this.contextDim = this.valueDim;
    const { temperature } = this.options;
    this.#W = this.addParameter('W', [this.keyDim, this.queryDim], initializers.pytorch(this.queryDim));
    this.#logTemperature = this.addParameter('log_temperature', [], initializers.constant(Math.log(temperature)));
  }

  /** Key-side work, once per batch: unit-length keys `[b, S, dk]`. */
  protected override prepareCache(keys: tf.Tensor3D): Record<string, tf.Tensor> {
    return { unitKeys: unitLength(keys) };
  }

  /** `[b, T, S]`; masking, softmax and the context are the base class's. */
  protected score(query: tf.Tensor3D, memory: AttentionMemory): tf.Tensor {
    const unitQueries = unitLength(torchLinear(query, this.#W)); // [b, T, dk]
    const cosines = tf.matMul(unitQueries, memory.cache.unitKeys as tf.Tensor3D, false, true);
    return tf.div(cosines, tf.exp(this.#logTemperature)); // [b, T, S]
  }
}

/** x / ‖x‖ over the last axis (a padded all-zero row stays zero, with a finite gradient). */
function unitLength(x: tf.Tensor3D): tf.Tensor3D {
  return tf.mul(x, tf.rsqrt(tf.add(tf.sum(tf.square(x), -1, true), 1e-12)));
}

export const cosine = defineAttention({
  type: 'cosine',
  options: cosineOptions,
  create: (config) => new CosineAttention(config),
});

// The registration line, and its type: `{ type: 'cosine', temperature }` now type-checks
// wherever heed takes an attention (createAttention, RnnSeq2Seq, Transformer, AttentionLayer).
registerAttention(cosine);
declare module '@heed/attention' {
  interface AttentionTypes {
    cosine: typeof cosine;
  }
}
