import * as tf from '@tensorflow/tfjs-core';
import { HeedError } from '../../errors';
import { exp } from '../fast-math';
import type { KernelHost } from '../kernel-host';
import { SOFTMAX_CROSS_ENTROPY, SOFTMAX_CROSS_ENTROPY_GRAD } from './softmax-cross-entropy';

/** Checks every target is a column of `V`-wide logits. */
function checkTargets(targets: Int32Array, V: number): void {
  for (const target of targets) {
    if (!(target >= 0 && target < V)) {
      throw new HeedError(
        `softmaxCrossEntropy: every target must be in [0, ${V}). Received: target=${target}`,
      );
    }
  }
}

/**
 * `HeedSoftmaxCrossEntropy`: inputs `logits [N, V]`, `targets` int32 `[N]`;
 * attr `labelSmoothing` ε. Outputs the per-row loss `[N]` and, for the
 * gradient, each row's log-sum-exp `[N]` (`KernelHost.logNormalisers`),
 * with one pass over the logits for the row's sum and target logit.
 */
export function softmaxCrossEntropyForward(
  host: KernelHost,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo[] {
  const { logits, targets } = inputs as Record<string, tf.TensorInfo>;
  const smoothing = attrs.labelSmoothing as number;
  const [N, V] = logits!.shape as [number, number];
  const ids = host.ints(targets!);
  checkTargets(ids, V);
  const z = host.view(logits!); // read before anything is allocated
  const kept = new Float64Array(N); // (1 − ε)·z_target + ε·mean(z)
  for (let i = 0; i < N; i++) {
    const row = i * V;
    let total = 0;
    for (let j = row; j < row + V; j++) total += z[j]!;
    kept[i] = (1 - smoothing) * z[row + ids[i]!]! + (smoothing * total) / V;
  }
  const logSumExp = host.logNormalisers(logits!);
  const loss = Float32Array.from(logSumExp, (lse, i) => lse - kept[i]!);
  return [host.tensor([N], loss), host.tensor([N], logSumExp)];
}

/**
 * `HeedSoftmaxCrossEntropyGrad`: inputs `dy [N]`, `logits [N, V]`,
 * `logSumExp [N]`, `targets [N]`; attr `labelSmoothing` ε. Output
 * `dLogits [N, V] = dy_i · (exp(z − lse_i) − ε/V − (1−ε)·[j = target_i])`.
 */
export function softmaxCrossEntropyBackward(
  host: KernelHost,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo {
  const named = inputs as Record<string, tf.TensorInfo>;
  const smoothing = attrs.labelSmoothing as number;
  const [N, V] = named.logits!.shape as [number, number];
  const ids = host.ints(named.targets!);
  const dy = host.values(named.dy!);
  const logSumExp = host.values(named.logSumExp!);
  const z = host.view(named.logits!); // read before the output is allocated
  const dLogits = new Float32Array(N * V);
  const floor = smoothing / V;
  for (let i = 0; i < N; i++) {
    const row = i * V;
    const grad = dy[i]!;
    if (grad === 0) continue; // a padded position: its row stays zero
    const lse = logSumExp[i]!;
    for (let j = 0; j < V; j++) dLogits[row + j] = grad * (exp(z[row + j]! - lse) - floor);
    const t = row + ids[i]!;
    dLogits[t] = dLogits[t]! - grad * (1 - smoothing);
  }
  return host.tensor([N, V], dLogits);
}

/** The gradient of `HeedSoftmaxCrossEntropy`, by the `HeedSoftmaxCrossEntropyGrad` kernel. */
export const softmaxCrossEntropyGradient: tf.GradConfig = {
  kernelName: SOFTMAX_CROSS_ENTROPY,
  inputsToSave: ['logits', 'targets'],
  outputsToSave: [false, true],
  gradFunc: (dys, saved, attrs) => {
    const [logits, targets, logSumExp] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
    const dy = (Array.isArray(dys) ? dys[0] : dys) as tf.Tensor;
    return {
      logits: () =>
        tf
          .engine()
          .runKernel(
            SOFTMAX_CROSS_ENTROPY_GRAD,
            { dy, logits, logSumExp, targets },
            attrs,
          ) as tf.Tensor,
      targets: () => tf.zerosLike(targets),
    };
  },
};
