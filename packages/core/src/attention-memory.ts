import * as tf from '@tensorflow/tfjs-core';
import type { AttentionMemory } from './interfaces';

/**
 * Appends `later` positions after `earlier` ones: every S-indexed tensor
 * (keys, values, mask and each cache entry, all with positions on axis 1) is
 * concatenated along axis 1. This is how a decoder extends its self-attention
 * cache by one step without re-preparing the past. `lengths` is dropped (a
 * growing cache has no padding).
 */
export function appendMemory(earlier: AttentionMemory, later: AttentionMemory): AttentionMemory {
  return tf.tidy(() => {
    const cache: Record<string, tf.Tensor> = {};
    for (const [name, tensor] of Object.entries(earlier.cache)) {
      const next = later.cache[name];
      if (!next)
        throw new Error(`appendMemory: cache entry '${name}' is missing from the later memory`);
      cache[name] = tf.concat([tensor, next], 1);
    }
    const mask =
      earlier.mask && later.mask
        ? (tf.concat([earlier.mask, later.mask], 1) as tf.Tensor2D)
        : undefined;
    return {
      keys: tf.concat([earlier.keys, later.keys], 1) as tf.Tensor3D,
      values: tf.concat([earlier.values, later.values], 1) as tf.Tensor3D,
      ...(mask ? { mask } : {}),
      cache,
    };
  });
}
