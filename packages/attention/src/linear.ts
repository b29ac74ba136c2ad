import * as tf from '@tensorflow/tfjs-core';

/**
 * `x · weightᵀ + bias` over the last axis, in PyTorch's `nn.Linear` layout.
 * @param x `[..., in]`.
 * @param weight `[out, in]`.
 * @param bias `[out]`.
 * @returns `[..., out]`.
 */
export function linear<T extends tf.Tensor>(x: T, weight: tf.Tensor, bias?: tf.Tensor): T {
  return tf.tidy(() => {
    const inFeatures = x.shape[x.rank - 1] as number;
    const outFeatures = weight.shape[0] as number;
    const flat = tf.reshape(x, [-1, inFeatures]) as tf.Tensor2D; // [n, in]
    const projected = tf.fused.matMul({
      a: flat,
      b: weight as tf.Tensor2D,
      transposeB: true,
      ...(bias ? { bias } : {}),
    }); // [n, out]
    return tf.reshape(projected, [...x.shape.slice(0, -1), outFeatures]) as T;
  });
}
