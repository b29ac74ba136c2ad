import { HeedError } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { floatsOf, tensorFrom } from '../fused/tensor-data';

/**
 * Embedding lookup with the gradient as a JavaScript scatter-add: the same
 * numbers as core's `Embedding.apply` (padding positions are zero vectors and
 * the padding row gets no gradient), without `gather`'s gradient
 * (`UnsortedSegmentSum`, which the cpu backend runs as one kernel per table
 * row: tens of seconds for a 2000-word table) and without the mask multiply.
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
): tf.Tensor {
  const [V, E] = table.shape;
  const indices = ids.dataSync() as Int32Array;
  for (const id of indices) {
    if (!(id >= 0 && id < V)) {
      throw new HeedError(`embeddingLookup: every id must be in [0, ${V}). Received: id=${id}`);
    }
  }
  const N = indices.length;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const rows = floatsOf(args[0] as tf.Tensor);
    const out = new Float32Array(N * E);
    for (let i = 0; i < N; i++) {
      const id = indices[i]!;
      if (id !== paddingId) out.set(rows.subarray(id * E, (id + 1) * E), i * E);
    }
    const gradFunc = (dy: tf.Tensor): tf.Tensor[] => {
      const grads = floatsOf(dy);
      const dTable = new Float32Array(V * E);
      for (let i = 0; i < N; i++) {
        const id = indices[i]!;
        if (id === paddingId) continue;
        const to = id * E;
        const from = i * E;
        for (let j = 0; j < E; j++) dTable[to + j] = dTable[to + j]! + grads[from + j]!;
      }
      return [tensorFrom(dTable, [V, E])];
    };
    return { value: tensorFrom(out, [...ids.shape, E]), gradFunc };
  });
  return op(table);
}
