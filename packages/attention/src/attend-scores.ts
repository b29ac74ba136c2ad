import { causalMask, combineMasks, maskedSoftmax } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';

/** What `attendScores` applies besides the softmax. */
export interface AttendScoresOptions {
  /** `[b, S]` 1/0 padding mask. */
  mask?: tf.Tensor;
  /** Mask key j from query i when j > i + (S − T). Defaults to false. */
  causal?: boolean;
  /** `[b, T, S]` 1/0: a variant's window (local attention). */
  windowMask?: tf.Tensor;
  /** `[b, T, S]`: factor applied to the weights after the softmax, not renormalised. */
  windowScale?: tf.Tensor;
  /** Dropout on the weights used for the context (the returned weights are pre-dropout). */
  dropout?: { rate: number; seed: number };
}

/** What `attendScores` returns. */
export interface AttendScoresResult {
  /** Same shape as the scores. */
  weights: tf.Tensor;
  /** `[b, T, dv]` (or `[b, h, T, dv]`). */
  context: tf.Tensor;
  /** The combined mask, broadcastable to the scores, when there is any. */
  mask: tf.Tensor | undefined;
}

/**
 * The part every attention shares once scores exist: combine the padding,
 * causal and window masks, masked softmax (masked positions exactly 0, a fully
 * masked row all 0), window scale, dropout, and the weighted sum of values.
 * @param scores `[b, T, S]` or `[b, h, T, S]`.
 * @param values `[b, S, dv]` or `[b, h, S, dv]`.
 */
export function attendScores(
  scores: tf.Tensor,
  values: tf.Tensor,
  options: AttendScoresOptions = {},
): AttendScoresResult {
  return tf.tidy(() => {
    const [T, S] = scores.shape.slice(-2) as [number, number];
    const mask = combineMasks(
      options.mask && expandToRank(options.mask, scores.rank), // [b, 1, (1,) S]
      options.causal ? causalMask(T, S, S - T) : undefined, // [T, S]
      options.windowMask && expandToRank(options.windowMask, scores.rank), // [b, (1,) T, S]
    );
    const normalized = maskedSoftmax(scores, mask);
    const weights = options.windowScale
      ? tf.mul(normalized, expandToRank(options.windowScale, scores.rank))
      : normalized;
    const used = options.dropout
      ? tf.dropout(weights, options.dropout.rate, undefined, options.dropout.seed)
      : weights;
    const context = tf.matMul(used as tf.Tensor3D, values as tf.Tensor3D); // [b, (h,) T, dv]
    return { weights, context, ...(mask ? { mask } : {}) } as unknown as tf.TensorContainer;
  }) as unknown as AttendScoresResult;
}

/**
 * 1 for query rows that see at least one key, 0 for rows the mask hides
 * entirely, shaped to multiply a `[b, T, d]` output (multi-head attention uses
 * it to keep a fully masked row's output at zero after its output projection).
 * @param mask a combined mask from `attendScores`: `[T, S]`, `[b, 1, S]`,
 *   `[b, T, S]` or `[b, 1, (1 or T), S]`.
 * @returns `[T, 1]`, `[b, 1 or T, 1]`.
 */
export function visibleQueries(mask: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const rows = tf.max(mask, -1, true); // [..., 1]
    return rows.rank === 4 ? tf.squeeze(rows, [1]) : rows; // drop the head axis
  });
}

/** Inserts unit axes after the batch axis until `tensor` has `rank` axes. */
function expandToRank(tensor: tf.Tensor, rank: number): tf.Tensor {
  if (tensor.rank >= rank) return tensor;
  const [batch, ...rest] = tensor.shape;
  return tf.reshape(tensor, [batch as number, ...new Array(rank - tensor.rank).fill(1), ...rest]);
}
