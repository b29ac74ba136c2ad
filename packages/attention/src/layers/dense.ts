import * as tf from '@tensorflow/tfjs-core';

/**
 * `x · kernel + bias` over the last axis, in Keras' `Dense` layout.
 * @param x `[..., in]`.
 * @param kernel `[in, out]`.
 * @param bias `[out]`.
 * @returns `[..., out]`.
 */
export function dense<T extends tf.Tensor>(x: T, kernel: tf.Tensor, bias?: tf.Tensor): T {
  return tf.tidy(() => {
    const [inFeatures, outFeatures] = kernel.shape as [number, number];
    const flat = tf.reshape(x, [-1, inFeatures]) as tf.Tensor2D; // [n, in]
    const projected = tf.fused.matMul({
      a: flat,
      b: kernel as tf.Tensor2D,
      ...(bias ? { bias } : {}),
    }); // [n, out]
    return tf.reshape(projected, [...x.shape.slice(0, -1), outFeatures]) as T;
  });
}
