import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../validation';
import { hasKernel } from '../kernel-host';
import type { KernelOptions } from '../recurrence/recurrence';

/**
 * The kernel's name. It has no gradient: decoding reads the choices it
 * makes, nothing differentiates them.
 */
export const TOP_LOGITS = 'HeedTopLogits';

/** What `topLogits` returns for `[r, V]` logits. */
export interface TopLogits {
  /** `[r, count]`: each row's largest logits, largest first; ties in column order. */
  values: tf.Tensor2D;
  /** `[r, count]` int32: their columns. */
  indices: tf.Tensor2D;
  /** `[r]`: each row's log-normaliser `log Σⱼ exp(logitsⱼ)`, over every column. */
  logNormaliser: tf.Tensor1D;
}

/**
 * What a decoder chooses its next tokens from, in one pass over the logits:
 * the `count` largest logits of each row with their columns (`tf.topk`) and
 * the row's log-normaliser (`tf.logSumExp`), so a token's log-prob is
 * `value − logNormaliser`. A `forbidden` column (EOS before the minimum
 * length) is ranked as −∞ but still counts in the normaliser. heed's kernel
 * where the active backend has it, otherwise those TF.js ops.
 *
 * @param logits `[r, V]`.
 * @param count columns kept per row, in `[1, V]`.
 * @param forbidden a column never chosen ahead of another, or null.
 */
export function topLogits(
  logits: tf.Tensor2D,
  count: number,
  forbidden: number | null,
  options: KernelOptions = {},
): TopLogits {
  const V = logits.shape[1];
  if (!(Number.isInteger(count) && count >= 1 && count <= V)) {
    throw invalidArgument('topLogits', 'count', `must be an integer in [1, ${V}]`, count);
  }
  if (options.useKernel === false || !hasKernel(TOP_LOGITS)) {
    return tf.tidy(() => {
      const ranked = forbidden === null ? logits : forbidColumn(logits, forbidden);
      const { values, indices } = tf.topk(ranked, count);
      return {
        values: values as tf.Tensor2D,
        indices: indices as tf.Tensor2D,
        logNormaliser: tf.logSumExp(logits, 1) as tf.Tensor1D,
      };
    });
  }
  const [values, indices, logNormaliser] = tf
    .engine()
    .runKernel(TOP_LOGITS, { logits }, { count, forbidden: forbidden ?? -1 }) as tf.Tensor[];
  return {
    values: values as tf.Tensor2D,
    indices: indices as tf.Tensor2D,
    logNormaliser: logNormaliser as tf.Tensor1D,
  };
}

/** `logits [r, V]` with column `column` set to −∞. */
export function forbidColumn(logits: tf.Tensor2D, column: number): tf.Tensor2D {
  return tf.tidy(() => {
    const V = logits.shape[1];
    const isForbidden = tf.equal(tf.range(0, V, 1, 'int32'), tf.scalar(column, 'int32')); // [V]
    return tf.where(tf.broadcastTo(isForbidden, logits.shape), -Infinity, logits) as tf.Tensor2D;
  });
}
