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
    // A plain matMul (not tf.fused.matMul): wasm runs the fused transposed
    // product as a scalar loop, ~10× slower than BatchMatMul + Add.
    const product = tf.matMul(flat, weight as tf.Tensor2D, false, true); // [n, out]
    const projected = bias ? tf.add(product, bias) : product;
    return tf.reshape(projected, [...x.shape.slice(0, -1), outFeatures]) as T;
  });
}
