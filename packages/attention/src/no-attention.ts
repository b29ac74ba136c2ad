import type { AttendOptions, AttentionMemory, AttentionResult } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { AttentionBase, type VariantConfig } from './attention-base';
import { type AttentionDimensions, defineAttention } from './variant';

/** `none` has no options besides the sizes. */
export const noOptions = {};

/** Options of `NoAttention`. */
export type NoAttentionConfig = AttentionDimensions;

/**
 * The no-attention baseline (Sutskever et al. 2014; Cho et al. 2014): every
 * query gets the same fixed context, the value at each row's last real
 * position (`lengths − 1`; position S − 1 without mask or lengths; zero for
 * an empty row). Weights are all zero. No parameters.
 */
export class NoAttention extends AttentionBase<typeof noOptions> {
  readonly contextDim: number;

  constructor(config: NoAttentionConfig & VariantConfig<'none'>) {
    super('NoAttention', 'none', noOptions, config);
    this.contextDim = this.valueDim;
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
      // Derived per call rather than cached, so a memory grown by appendMemory stays right.
      const lengths = memory.lengths
        ? tf.cast(memory.lengths, 'int32')
        : memory.mask
          ? tf.cast(tf.sum(memory.mask, 1), 'int32')
          : tf.fill([b], S, 'int32'); // [b]
      const last = tf.sub(lengths, tf.scalar(1, 'int32')); // [b]; −1 for an empty row
      const positions = tf.range(0, S, 1, 'int32'); // [S]
      const isLast = tf.equal(tf.expandDims(positions, 0), tf.expandDims(last, 1)); // [b, S]
      const pick = tf.expandDims(tf.cast(isLast, 'float32'), 1) as tf.Tensor3D; // [b, 1, S]
      const finalValue = tf.matMul(pick, memory.values); // [b, 1, dv]
      const context = T === 1 ? finalValue : tf.tile(finalValue, [1, T, 1]); // [b, T, dv]
      return { context, weights: tf.zeros([b, T, S]) } as unknown as tf.TensorContainer;
    }) as unknown as AttentionResult;
  }
}

/** `none` in the registry. */
export const none = defineAttention({
  type: 'none',
  options: noOptions,
  create: (config) => new NoAttention(config),
});
