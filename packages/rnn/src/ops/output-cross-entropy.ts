import * as tf from '@tensorflow/tfjs-core';

/**
 * What `outputCrossEntropy` returns, shaped like @heed/losses' `LossResult`
 * (a type alias, so `tf.dispose` accepts it).
 */
export type OutputLossResult = {
  /** Mean cross-entropy over the real (non-PAD) targets; 0 when there are none. */
  loss: tf.Scalar;
  /** float32 scalar: the number of real targets. */
  tokenCount: tf.Scalar;
};

/**
 * Masked cross-entropy of the output layer `logits = hidden · kernel + bias`
 * against `targets`, fused: one matMul, then a JavaScript pass over the
 * logits that takes each row's log-sum-exp and keeps the exponentials, so
 * the gradient `(softmax − onehot) / count` costs no further exponentials
 * and no gather/scatter; `kernel` and `hidden` get theirs from two matMuls. Equals
 * `maskedCrossEntropy(logits, targets)` (mean over real tokens) of
 * @heed/losses.
 *
 * @param hidden `[N, H]`.
 * @param kernel `[H, V]`.
 * @param bias `[V]`.
 * @param targets `[N]` target ids; rows whose target is `padId` are ignored.
 */
export function outputCrossEntropy(
  hidden: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  targets: Int32Array,
  padId: number,
): OutputLossResult {
  const [N] = hidden.shape;
  const V = kernel.shape[1];
  let tokenCount = 0;
  for (const target of targets) if (target !== padId) tokenCount++;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [x, k, b] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    save([x, k]);
    const logits = tf.fused.matMul({ a: x, b: k, bias: b }); // [N, V]
    const values = logits.dataSync() as Float32Array;
    const exponentials = new Float32Array(N * V); // exp(logit − row max)
    const inverseSums = new Float64Array(N);
    let total = 0;
    for (let i = 0; i < N; i++) {
      const target = targets[i]!;
      if (target === padId) continue;
      const row = i * V;
      let max = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < V; j++) if (values[row + j]! > max) max = values[row + j]!;
      let sum = 0;
      for (let j = 0; j < V; j++) {
        const e = Math.exp(values[row + j]! - max);
        exponentials[row + j] = e;
        sum += e;
      }
      inverseSums[i] = 1 / sum;
      total += max + Math.log(sum) - values[row + target]!;
    }
    logits.dispose();
    const gradFunc = (dy: tf.Tensor, [xs, ks]: tf.Tensor[]): tf.Tensor[] => {
      const g = tokenCount > 0 ? (dy.dataSync()[0] as number) / tokenCount : 0;
      const dLogits = exponentials; // becomes g·(softmax − onehot) in place: [N, V]
      const dBias = new Float32Array(V);
      for (let i = 0; i < N; i++) {
        const row = i * V;
        const target = targets[i]!;
        if (target === padId) continue;
        const scale = g * inverseSums[i]!;
        for (let j = 0; j < V; j++) {
          const d = dLogits[row + j]! * scale;
          dLogits[row + j] = d;
          dBias[j] = dBias[j]! + d;
        }
        dLogits[row + target] = dLogits[row + target]! - g;
        dBias[target] = dBias[target]! - g;
      }
      const gradLogits = tf.tensor2d(dLogits, [N, V]);
      const grads = [
        tf.matMul(gradLogits, ks as tf.Tensor2D, false, true), // [N, H]
        tf.matMul(xs as tf.Tensor2D, gradLogits, true, false), // [H, V]
        tf.tensor1d(dBias),
      ];
      gradLogits.dispose();
      return grads;
    };
    return { value: tf.scalar(tokenCount > 0 ? total / tokenCount : 0), gradFunc };
  });
  return { loss: op(hidden, kernel, bias) as tf.Scalar, tokenCount: tf.scalar(tokenCount) };
}
