import * as tf from '@tensorflow/tfjs-core';
import { hasKernel } from '../kernel-host';
import type { KernelOptions } from '../recurrence/recurrence';

/** The kernel's name; its gradient is `HeedEmbeddingLookupGrad`. */
export const EMBEDDING_LOOKUP = 'HeedEmbeddingLookup';

/**
 * Embedding lookup, differentiable: row `ids[i]` of `table`, with the
 * padding id's vectors zero and no gradient reaching the padding row.
 * heed's kernel (a row copy forward, a scatter-add backward) where the
 * active backend has it, otherwise `gather` times a padding mask.
 *
 * @param table `[V, E]`.
 * @param ids int32 `[...]`, each in `[0, V)`.
 * @param paddingId the id whose vectors are zero, or null.
 * @returns `[..., E]`.
 */
export function embeddingLookup(
  table: tf.Tensor2D,
  ids: tf.Tensor,
  paddingId: number | null,
  options: KernelOptions = {},
): tf.Tensor {
  if (options.useKernel === false || !hasKernel(EMBEDDING_LOOKUP)) {
    return tf.tidy(() => {
      const vectors = tf.gather(table, ids); // [..., E]
      if (paddingId === null) return vectors;
      const keep = tf.cast(tf.notEqual(ids, paddingId), 'float32'); // [...]
      return tf.mul(vectors, tf.expandDims(keep, -1));
    });
  }
  return tf
    .engine()
    .runKernel(EMBEDDING_LOOKUP, { table, ids }, { paddingId: paddingId ?? -1 }) as tf.Tensor;
}
