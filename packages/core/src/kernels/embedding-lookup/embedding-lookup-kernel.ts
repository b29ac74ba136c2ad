import * as tf from '@tensorflow/tfjs-core';
import { HeedError } from '../../errors';
import type { KernelHost } from '../kernel-host';
import { EMBEDDING_LOOKUP } from './embedding-lookup';

/** The gradient kernel's name. */
export const EMBEDDING_LOOKUP_GRAD = 'HeedEmbeddingLookupGrad';

/** Checks every id is a row of a `V`-row table. */
function checkIds(ids: Int32Array, V: number): void {
  for (const id of ids) {
    if (!(id >= 0 && id < V)) {
      throw new HeedError(`embeddingLookup: every id must be in [0, ${V}). Received: id=${id}`);
    }
  }
}

/**
 * `HeedEmbeddingLookup`: inputs `table [V, E]`, `ids` int32 `[...]`; attr
 * `paddingId` (−1: none). Output `[..., E]`: row copies, zero at padding.
 */
export function embeddingLookupForward(
  host: KernelHost,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo {
  const { table, ids } = inputs as Record<string, tf.TensorInfo>;
  const paddingId = attrs.paddingId as number;
  const [V, E] = table!.shape as [number, number];
  const indices = host.ints(ids!);
  checkIds(indices, V);
  const out = new Float32Array(indices.length * E);
  const rows = host.view(table!); // read before the output is allocated
  for (let i = 0; i < indices.length; i++) {
    const id = indices[i]!;
    if (id !== paddingId) out.set(rows.subarray(id * E, (id + 1) * E), i * E);
  }
  return host.tensor([...ids!.shape, E], out);
}

/**
 * `HeedEmbeddingLookupGrad`: inputs `dy [..., E]`, `ids`; attrs `vocabSize`,
 * `paddingId`. Output `dTable [V, E]`: each row of `dy` added to its id's row,
 * the padding row left zero.
 */
export function embeddingLookupBackward(
  host: KernelHost,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo {
  const { dy, ids } = inputs as Record<string, tf.TensorInfo>;
  const V = attrs.vocabSize as number;
  const paddingId = attrs.paddingId as number;
  const E = dy!.shape[dy!.shape.length - 1] as number;
  const indices = host.ints(ids!);
  const grads = host.view(dy!); // read before the output is allocated
  const dTable = new Float32Array(V * E);
  for (let i = 0; i < indices.length; i++) {
    const id = indices[i]!;
    if (id === paddingId) continue;
    const to = id * E;
    const from = i * E;
    for (let j = 0; j < E; j++) dTable[to + j] = dTable[to + j]! + grads[from + j]!;
  }
  return host.tensor([V, E], dTable);
}

/** The gradient of `HeedEmbeddingLookup`, by the `HeedEmbeddingLookupGrad` kernel. */
export const embeddingLookupGradient: tf.GradConfig = {
  kernelName: EMBEDDING_LOOKUP,
  inputsToSave: ['table', 'ids'],
  gradFunc: (dy, saved, attrs) => {
    const [table, ids] = saved;
    return {
      table: () =>
        tf
          .engine()
          .runKernel(
            EMBEDDING_LOOKUP_GRAD,
            { dy: dy as tf.Tensor, ids: ids! },
            { ...attrs, vocabSize: table!.shape[0]! },
          ) as tf.Tensor,
    };
  },
};
