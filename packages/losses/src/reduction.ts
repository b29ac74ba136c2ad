import * as tf from '@tensorflow/tfjs-core';

/** How per-token losses are combined. */
export type Reduction = 'mean' | 'sum' | 'per-sequence' | 'none';

export const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'per-sequence', 'none'];

/** What every heed loss returns (a type alias, so `tf.tidy` and `tf.dispose` accept it). */
export type LossResult = {
  /**
   * A scalar for `mean` and `sum`; `[b]` for `per-sequence`; for `none`, one
   * loss per target shaped like the targets (`[b, T]` or `[N]`), 0 at PAD.
   * Tracks gradients like any other tensor; the caller disposes it.
   */
  loss: tf.Scalar | tf.Tensor1D | tf.Tensor2D;
  /** float32 scalar: the number of non-PAD targets (for perplexity and for weighting batches). */
  tokenCount: tf.Scalar;
};

/**
 * Combines per-token losses, ignoring PAD positions. `reduction` is validated by the caller.
 *
 * - `mean`: Σ loss·mask / Σ mask over the whole batch (0 when nothing is real).
 * - `sum`: Σ loss·mask.
 * - `per-sequence`: per row, Σ_t loss·mask / Σ_t mask (0 for an all-PAD row).
 * - `none`: loss·mask, shaped like `tokenLoss`.
 *
 * @param tokenLoss `[b, T]` (or `[N]` for `mean`/`sum`/`none`) float32.
 * @param mask same shape, float32, 1 = real target.
 */
export function reduceTokenLosses(
  tokenLoss: tf.Tensor,
  mask: tf.Tensor,
  reduction: Reduction,
): LossResult {
  const masked = tf.mul(tokenLoss, mask);
  const tokenCount = tf.sum(mask) as tf.Scalar;
  if (reduction === 'none') return { loss: masked as tf.Tensor1D | tf.Tensor2D, tokenCount };
  if (reduction === 'sum') return { loss: tf.sum(masked) as tf.Scalar, tokenCount };
  if (reduction === 'mean') {
    const loss = tf.div(tf.sum(masked), tf.maximum(tokenCount, 1)) as tf.Scalar;
    return { loss, tokenCount };
  }
  const perRow = tf.sum(masked, 1); // [b]
  const rowCount = tf.maximum(tf.sum(mask, 1), 1); // [b]
  return { loss: tf.div(perRow, rowCount) as tf.Tensor1D, tokenCount };
}
