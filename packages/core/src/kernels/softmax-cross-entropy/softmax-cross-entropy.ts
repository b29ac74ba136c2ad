import * as tf from '@tensorflow/tfjs-core';
import { hasKernel } from '../kernel-host';
import type { KernelOptions } from '../recurrence/recurrence';
import {
  softmaxCrossEntropyGradReference,
  softmaxCrossEntropyReference,
} from './softmax-cross-entropy-reference';

/** The kernel's name. */
export const SOFTMAX_CROSS_ENTROPY = 'HeedSoftmaxCrossEntropy';
/** The gradient kernel's name (also what `softmaxCrossEntropyGrad` runs). */
export const SOFTMAX_CROSS_ENTROPY_GRAD = 'HeedSoftmaxCrossEntropyGrad';

/** What `softmaxCrossEntropy` returns. */
export interface SoftmaxCrossEntropyResult {
  /** `[N]`: each row's loss; differentiable in the logits. */
  loss: tf.Tensor1D;
  /** `[N]`: each row's log-sum-exp, a value for `softmaxCrossEntropyGrad` (differentiate `loss`, not this). */
  logSumExp: tf.Tensor1D;
}

/**
 * Per-row cross-entropy of softmax(`logits`) against `targets` smoothed by
 * `labelSmoothing` ε: `logSumExp(z) − (1−ε)·z_target − ε·mean(z)`,
 * differentiable in `logits` (gradient `dy · (softmax(z) − q)`, q the smoothed
 * one-hot). heed's kernel (one pass over the logits forward, one backward)
 * where the active backend has it, otherwise the same in TF.js ops.
 *
 * @param logits `[N, V]`.
 * @param targets `[N]` int32, each in `[0, V)`.
 * @param labelSmoothing ε in [0, 1].
 */
export function softmaxCrossEntropy(
  logits: tf.Tensor2D,
  targets: tf.Tensor1D,
  labelSmoothing: number,
  options: KernelOptions = {},
): SoftmaxCrossEntropyResult {
  if (options.useKernel === false || !hasKernel(SOFTMAX_CROSS_ENTROPY)) {
    return softmaxCrossEntropyReference(logits, targets, labelSmoothing);
  }
  const [loss, logSumExp] = tf
    .engine()
    .runKernel(SOFTMAX_CROSS_ENTROPY, { logits, targets }, { labelSmoothing }) as tf.Tensor[];
  return { loss: loss as tf.Tensor1D, logSumExp: logSumExp as tf.Tensor1D };
}

/**
 * The gradient of `softmaxCrossEntropy`'s loss with respect to the logits,
 * for a caller that forms it itself (a loss that recomputes its logits in
 * chunks): `dy_i · (exp(z − logSumExp_i) − ε/V − (1−ε)·[j = target_i])`.
 *
 * @param logits `[N, V]`.
 * @param targets `[N]` int32.
 * @param logSumExp `[N]`, as `softmaxCrossEntropy` returned it.
 * @param dy `[N]`: the gradient of each row's loss.
 * @returns `[N, V]`.
 */
export function softmaxCrossEntropyGrad(
  logits: tf.Tensor2D,
  targets: tf.Tensor1D,
  logSumExp: tf.Tensor1D,
  dy: tf.Tensor1D,
  labelSmoothing: number,
  options: KernelOptions = {},
): tf.Tensor2D {
  if (options.useKernel === false || !hasKernel(SOFTMAX_CROSS_ENTROPY_GRAD)) {
    return softmaxCrossEntropyGradReference(logits, targets, logSumExp, dy, labelSmoothing);
  }
  return tf
    .engine()
    .runKernel(
      SOFTMAX_CROSS_ENTROPY_GRAD,
      { dy, logits, logSumExp, targets },
      { labelSmoothing },
    ) as tf.Tensor2D;
}
