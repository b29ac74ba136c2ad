import * as tf from '@tensorflow/tfjs-core';

/** Options of `filterLogits`. */
export interface FilterLogitsOptions {
  /** Keep the `topK` best ids of each row; 0 keeps all. Defaults to 0. */
  topK?: number;
  /**
   * Nucleus: keep the smallest set of best ids whose probability reaches
   * `topP` (after top-k, renormalised over what top-k kept); 1 keeps all.
   * Defaults to 1.
   */
  topP?: number;
}

/** Candidate ids of each row and their logits, −∞ where filtered out (a type alias, so `tf.dispose` takes it). */
export type FilteredLogits = {
  /** `[rows, K]` sorted best first. */
  logits: tf.Tensor2D;
  /** `[rows, K]` int32 vocabulary ids of `logits`. */
  ids: tf.Tensor2D;
};

/**
 * Top-k then top-p (nucleus) filtering on the device, as in Hugging Face's
 * `TopKLogitsWarper` and `TopPLogitsWarper`: the best id of a row is always
 * kept. Sorts only `topK` entries per row when `topK` is set, all V otherwise.
 * @param logits `[rows, V]`.
 */
export function filterLogits(logits: tf.Tensor2D, options: FilterLogitsOptions): FilteredLogits {
  const V = logits.shape[1];
  const topK = options.topK ?? 0;
  const topP = options.topP ?? 1;
  return tf.tidy(() => {
    const { values, indices } = tf.topk(logits, topK > 0 ? Math.min(topK, V) : V); // [rows, K]
    if (topP >= 1) return { logits: values as tf.Tensor2D, ids: indices as tf.Tensor2D };
    const probabilities = tf.softmax(values); // [rows, K]
    const massBefore = tf.cumsum(probabilities, 1, true); // exclusive
    const kept = tf.less(massBefore, topP);
    const filtered = tf.where(kept, values, tf.fill(values.shape, -Infinity));
    return { logits: filtered as tf.Tensor2D, ids: indices as tf.Tensor2D };
  });
}
