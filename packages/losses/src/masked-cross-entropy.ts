import {
  assertInRange,
  assertKnownKeys,
  assertOneOf,
  assertShape,
  invalidArgument,
  PAD_ID,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { type LossResult, REDUCTIONS, type Reduction, reduceTokenLosses } from './reduction';

const OWNER = 'maskedCrossEntropy';

/** Options of `maskedCrossEntropy`. */
export interface MaskedCrossEntropyOptions {
  /**
   * `mean` over all real (non-PAD) tokens of the batch, `sum`,
   * `per-sequence` (mean over each row's real tokens, shape `[b]`), or `none`
   * (each token's loss, `[b, T]`, 0 at PAD). Defaults to `'mean'`.
   */
  reduction?: Reduction;
  /**
   * ε of PyTorch's `cross_entropy(label_smoothing=ε)`: the target distribution
   * is (1−ε)·onehot + ε/V over all V classes (the target and PAD included).
   * Defaults to 0.
   */
  labelSmoothing?: number;
  /** Targets equal to this id are ignored (PyTorch's `ignore_index`). Defaults to 0 (PAD). */
  padId?: number;
}

const KNOWN_OPTIONS = ['reduction', 'labelSmoothing', 'padId'];

/**
 * Cross-entropy of a sequence batch, with PAD targets ignored, computed from
 * `logSoftmax` (never `log(softmax)`) and one gather of the target log-probs.
 *
 * Matches `torch.nn.functional.cross_entropy(logits.transpose(1, 2), targets,
 * ignore_index=padId, label_smoothing=ε, reduction=…)` for `mean`, `sum` and
 * `none` (`[b, T]`, 0 at PAD as in PyTorch); `per-sequence` is the mean over
 * each row's real tokens. A batch (or, for
 * `per-sequence`, a row) without real tokens gives 0, where PyTorch gives NaN.
 *
 * @param logits `[b, T, V]` unnormalised scores.
 * @param targets `[b, T]` int32 target ids.
 */
export function maskedCrossEntropy(
  logits: tf.Tensor3D,
  targets: tf.Tensor2D,
  options: MaskedCrossEntropyOptions = {},
): LossResult {
  assertKnownKeys(OWNER, options, KNOWN_OPTIONS);
  const reduction = assertOneOf(OWNER, 'reduction', options.reduction ?? 'mean', REDUCTIONS);
  const smoothing = assertInRange(OWNER, 'labelSmoothing', options.labelSmoothing ?? 0, 0, 1);
  const padId = options.padId ?? PAD_ID;
  if (!Number.isInteger(padId)) throw invalidArgument(OWNER, 'padId', 'must be an integer', padId);
  assertShape(OWNER, 'logits', logits.shape, [null, null, null]);
  const [b, T, V] = logits.shape;
  assertShape(OWNER, 'targets', targets.shape, [b, T]);
  if (targets.dtype !== 'int32') {
    throw invalidArgument(OWNER, 'targets.dtype', "must be 'int32'", targets.dtype);
  }
  return tf.tidy(() => {
    const logProbs = tf.logSoftmax(tf.reshape(logits, [b * T, V])); // [N, V]
    const flatTargets = tf.reshape(targets, [b * T]); // [N]
    const rowOffsets = tf.mul(tf.range(0, b * T, 1, 'int32'), tf.scalar(V, 'int32')); // [N]
    const targetLogProbs = tf.gather(
      tf.reshape(logProbs, [b * T * V]),
      tf.add(rowOffsets, flatTargets),
    ); // [N]
    let tokenLoss = tf.neg(targetLogProbs); // [N]
    if (smoothing > 0) {
      const uniformLoss = tf.neg(tf.mean(logProbs, 1)); // [N]
      tokenLoss = tf.add(tf.mul(tokenLoss, 1 - smoothing), tf.mul(uniformLoss, smoothing));
    }
    const mask = tf.cast(tf.notEqual(targets, tf.scalar(padId, 'int32')), 'float32'); // [b, T]
    return reduceTokenLosses(tf.reshape(tokenLoss, [b, T]), mask, reduction);
  });
}
