import type { LayerNorm } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Dropout } from './dropout';

/**
 * One residual sub-layer with its LayerNorm:
 * pre-norm `x + drop(f(norm(x)))`, post-norm `norm(x + drop(f(x)))`.
 * Runs in the caller's `tf.tidy`, so `sublayer` may hand tensors out (caches,
 * attention weights) that must outlive this call.
 */
export function residual(
  x: tf.Tensor3D,
  norm: LayerNorm,
  placement: 'pre' | 'post',
  dropout: Dropout,
  sublayer: (input: tf.Tensor3D) => tf.Tensor3D,
): tf.Tensor3D {
  if (placement === 'pre') return tf.add(x, dropout.apply(sublayer(norm.apply(x))));
  return norm.apply(tf.add(x, dropout.apply(sublayer(x))));
}
