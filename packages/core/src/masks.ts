import * as tf from '@tensorflow/tfjs-core';

/**
 * The additive penalty for masked scores. Finite, so a fully masked row stays
 * finite through softmax (and is then zeroed), never NaN.
 */
export const MASK_NEGATIVE = -1e9;

/**
 * 1 for real tokens, 0 for padding.
 * @param lengths `[b]` true lengths (tensor or array).
 * @param maxLength S, the padded length.
 * @returns float32 `[b, S]`.
 */
export function paddingMask(
  lengths: tf.Tensor1D | readonly number[],
  maxLength: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    const lengthTensor = Array.isArray(lengths)
      ? tf.tensor1d(lengths as number[], 'int32')
      : (lengths as tf.Tensor1D);
    const positions = tf.range(0, maxLength, 1, 'int32'); // [S]
    return tf.cast(
      tf.less(tf.expandDims(positions, 0), tf.expandDims(lengthTensor, 1)),
      'float32',
    ) as tf.Tensor2D; // [b, S]
  });
}

/**
 * 1 where query position i may see key position j, i.e. j ≤ i + offset.
 * `offset` is the number of keys that precede the first query (cached steps).
 * @returns float32 `[T, S]`, S defaults to T.
 */
export function causalMask(queryLength: number, keyLength = queryLength, offset = 0): tf.Tensor2D {
  return tf.tidy(() => {
    const rows = tf.expandDims(tf.range(offset, offset + queryLength, 1, 'int32'), 1); // [T, 1]
    const cols = tf.expandDims(tf.range(0, keyLength, 1, 'int32'), 0); // [1, S]
    return tf.cast(tf.lessEqual(cols, rows), 'float32') as tf.Tensor2D; // [T, S]
  });
}

/** Elementwise product of the given masks (broadcasting); `undefined` entries are skipped. */
export function combineMasks(...masks: (tf.Tensor | undefined)[]): tf.Tensor | undefined {
  const present = masks.filter((mask): mask is tf.Tensor => mask !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return (present[0] as tf.Tensor).clone();
  return tf.tidy(() => present.reduce((a, b) => tf.mul(a, b)));
}

/**
 * Softmax over the last axis with masked positions at exactly 0.
 * A fully masked row yields all zeros (not NaN, not uniform).
 * @param scores `[..., S]`.
 * @param mask 1/0 mask broadcastable to `scores`; omitted means nothing masked.
 */
export function maskedSoftmax<T extends tf.Tensor>(scores: T, mask?: tf.Tensor): T {
  if (!mask) return tf.softmax(scores) as T;
  return tf.tidy(() => {
    const penalty = tf.mul(tf.sub(1, mask), MASK_NEGATIVE);
    return tf.mul(tf.softmax(tf.add(scores, penalty)), mask) as T;
  });
}
