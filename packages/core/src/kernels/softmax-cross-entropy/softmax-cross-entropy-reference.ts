import * as tf from '@tensorflow/tfjs-core';
import type { SoftmaxCrossEntropyResult } from './softmax-cross-entropy';

/** `softmaxCrossEntropy` in TF.js ops (`[N, V]` logits, `[N]` targets). */
export function softmaxCrossEntropyReference(
  logits: tf.Tensor2D,
  targets: tf.Tensor1D,
  labelSmoothing: number,
): SoftmaxCrossEntropyResult {
  return tf.tidy(() => {
    const [N, V] = logits.shape;
    const logSumExp = tf.logSumExp(logits, 1) as tf.Tensor1D; // [N]
    const flatIndex = tf.add(tf.mul(tf.range(0, N, 1, 'int32'), tf.scalar(V, 'int32')), targets); // [N]
    const targetLogit = tf.gather(tf.reshape(logits, [-1]), flatIndex); // [N]
    let loss = tf.sub(logSumExp, tf.mul(targetLogit, 1 - labelSmoothing)); // [N]
    if (labelSmoothing > 0) loss = tf.sub(loss, tf.mul(tf.mean(logits, 1), labelSmoothing));
    return { loss: loss as tf.Tensor1D, logSumExp };
  });
}

/** `softmaxCrossEntropyGrad` in TF.js ops: `dy ⊙ (softmax − q)`, `[N, V]`. */
export function softmaxCrossEntropyGradReference(
  logits: tf.Tensor2D,
  targets: tf.Tensor1D,
  logSumExp: tf.Tensor1D,
  dy: tf.Tensor1D,
  labelSmoothing: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    const [N, V] = logits.shape;
    const probabilities = tf.exp(tf.sub(logits, tf.reshape(logSumExp, [N, 1]))); // [N, V]
    // int32 one-hot, then cast: tfjs-backend-wasm 4.22's OneHot writes a float32 one as 1e-45.
    const oneHot = tf.cast(tf.oneHot(targets, V), 'float32'); // [N, V]
    const smoothed = tf.add(tf.mul(oneHot, 1 - labelSmoothing), labelSmoothing / V); // [N, V]
    return tf.mul(tf.sub(probabilities, smoothed), tf.reshape(dy, [N, 1])) as tf.Tensor2D;
  });
}
