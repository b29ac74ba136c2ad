import * as tf from '@tensorflow/tfjs-core';

/**
 * Splits the feature axis into heads.
 * @param x `[b, L, h·d]`.
 * @returns `[b, h, L, d]`.
 */
export function splitHeads(x: tf.Tensor3D, heads: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, L, features] = x.shape;
    const split = tf.reshape(x, [b, L, heads, features / heads]); // [b, L, h, d]
    return tf.transpose(split, [0, 2, 1, 3]) as tf.Tensor4D; // [b, h, L, d]
  });
}

/**
 * Joins heads back into the feature axis.
 * @param x `[b, h, L, d]`.
 * @returns `[b, L, h·d]`.
 */
export function mergeHeads(x: tf.Tensor4D): tf.Tensor3D {
  return tf.tidy(() => {
    const [b, heads, L, d] = x.shape;
    const joined = tf.transpose(x, [0, 2, 1, 3]); // [b, L, h, d]
    return tf.reshape(joined, [b, L, heads * d]) as tf.Tensor3D; // [b, L, h·d]
  });
}
