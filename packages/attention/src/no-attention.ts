import type { AttendOptions, AttentionMemory, AttentionResult } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { AttentionBase, type AttentionDimensions } from './attention-base';

/** Options of `NoAttention`. */
export type NoAttentionConfig = AttentionDimensions;

/**
 * The no-attention baseline (Sutskever et al. 2014; Cho et al. 2014): every
 * query gets the same fixed context, the value at each row's last real
 * position (`lengths − 1`; position S − 1 without mask or lengths; zero for
 * an empty row). Weights are all zero. No parameters.
 */
export class NoAttention extends AttentionBase {
  readonly type = 'none';
  readonly contextDim: number;

  constructor(config: NoAttentionConfig) {
    super('NoAttention', config);
    this.contextDim = this.valueDim;
  }

  protected override prepareCache(
    _keys: tf.Tensor3D,
    values: tf.Tensor3D,
    _mask: tf.Tensor2D | undefined,
    lengths: tf.Tensor1D | undefined,
  ): Record<string, tf.Tensor> {
    const [b, S] = values.shape;
    const last = lengths
      ? tf.sub(tf.cast(lengths, 'int32'), tf.scalar(1, 'int32'))
      : tf.fill([b], S - 1, 'int32'); // [b]
    const positions = tf.range(0, S, 1, 'int32'); // [S]
    const isLast = tf.equal(tf.expandDims(positions, 0), tf.expandDims(last, 1)); // [b, S]; none for length 0
    const pick = tf.expandDims(tf.cast(isLast, 'float32'), 1); // [b, 1, S]
    return { finalValue: tf.matMul(pick as tf.Tensor3D, values) }; // [b, 1, dv]
  }

  attend(
    query: tf.Tensor3D,
    memory: AttentionMemory,
    _options: AttendOptions = {},
  ): AttentionResult {
    this.checkQuery(query, memory);
    return tf.tidy(() => {
      const [b, T] = query.shape;
      const S = memory.keys.shape[1];
      const finalValue = memory.cache.finalValue as tf.Tensor3D; // [b, 1, dv]
      const context = T === 1 ? tf.clone(finalValue) : tf.tile(finalValue, [1, T, 1]); // [b, T, dv]
      return { context, weights: tf.zeros([b, T, S]) } as unknown as tf.TensorContainer;
    }) as unknown as AttentionResult;
  }

  getConfig() {
    return {
      type: this.type,
      queryDim: this.queryDim,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      seed: this.seed,
    };
  }
}
