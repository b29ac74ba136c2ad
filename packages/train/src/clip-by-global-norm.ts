import { invalidArgument } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';

/** `√(Σ_i ‖t_i‖²)` over all `tensors`: the norm of their concatenation. */
export function globalNorm(tensors: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => {
    if (tensors.length === 0) return tf.scalar(0);
    // One stack, not addN: tfjs-backend-webgpu's AddN binds every input in one shader (7 at
    // most under WebGPU's default limits), where its concat splits the inputs as needed.
    const squares = tensors.map((tensor) => tf.sum(tf.square(tensor)));
    return tf.sqrt(tf.sum(tf.stack(squares))) as tf.Scalar;
  });
}

/** What `clipByGlobalNorm` returns; the caller disposes every tensor. */
export interface ClippedTensors {
  /** `tensors`, scaled together so their global norm is at most `maxNorm`. */
  clipped: tf.Tensor[];
  /** The global norm before clipping. */
  norm: tf.Scalar;
}

/**
 * TensorFlow's `clip_by_global_norm`: every tensor is multiplied by
 * `maxNorm / max(norm, maxNorm)`, which keeps the direction of the whole
 * gradient and leaves it unchanged when `norm ≤ maxNorm`. Runs on the device;
 * nothing is read back. A non-finite norm gives non-finite results (check
 * `norm` before applying them).
 */
export function clipByGlobalNorm(tensors: readonly tf.Tensor[], maxNorm: number): ClippedTensors {
  if (typeof maxNorm !== 'number' || !(maxNorm > 0) || !Number.isFinite(maxNorm)) {
    throw invalidArgument(
      'clipByGlobalNorm',
      'maxNorm',
      'must be a positive finite number',
      maxNorm,
    );
  }
  return tf.tidy(() => {
    const norm = globalNorm(tensors);
    const scale = tf.div(maxNorm, tf.maximum(norm, maxNorm));
    return { clipped: tensors.map((tensor) => tf.mul(tensor, scale)), norm };
  });
}
