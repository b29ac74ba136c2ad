import * as tf from '@tensorflow/tfjs-core';

/**
 * `x · weightᵀ (+ bias)` over the last axis, for a PyTorch-layout weight
 * `[out, in]`: `[..., in]` → `[..., out]`. The leading axes are flattened
 * first, so the product is one 2-D matMul (TF.js's gradient of a broadcast
 * batched matMul does not reduce over the broadcast axis).
 */
export function project<T extends tf.Tensor>(x: T, weight: tf.Tensor2D, bias?: tf.Tensor1D): T {
  return tf.tidy(() => {
    const flat = tf.reshape(x, [-1, x.shape[x.rank - 1] as number]) as tf.Tensor2D; // [N, in]
    const product = tf.matMul(flat, weight, false, true); // [N, out]
    const y = bias ? tf.add(product, bias) : product;
    return tf.reshape(y, [...x.shape.slice(0, -1), weight.shape[0]]) as T;
  });
}
