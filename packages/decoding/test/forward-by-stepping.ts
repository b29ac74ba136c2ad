import type { ForwardResult, Seq2SeqModel } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * A teacher-forced `forward` made of `encode` and one `step` per target
 * position, for toy models whose step is their definition. `hidden` is the
 * logits (the toy models' output projection is the identity).
 * @param targetInput `[b, T]` int32, BOS-prefixed.
 */
export function forwardByStepping(
  model: Seq2SeqModel,
  source: tf.Tensor2D,
  sourceLengths: tf.Tensor1D,
  targetInput: tf.Tensor2D,
): ForwardResult {
  return tf.tidy(() => {
    const encoded = model.encode(source, sourceLengths);
    let state = encoded.initialState;
    const logits: tf.Tensor2D[] = [];
    const attention: tf.Tensor2D[] = [];
    for (let t = 0; t < targetInput.shape[1]; t++) {
      const previous = tf.reshape(tf.slice(targetInput, [0, t], [-1, 1]), [-1]) as tf.Tensor1D;
      const result = model.step(previous, state, encoded);
      logits.push(result.logits);
      if (result.attention) attention.push(result.attention);
      state = result.state;
    }
    const stacked = tf.stack(logits, 1) as tf.Tensor3D; // [b, T, V]
    return {
      logits: stacked,
      hidden: stacked,
      ...(attention.length > 0 ? { attention: tf.stack(attention, 1) as tf.Tensor3D } : {}), // [b, T, S]
    } as unknown as tf.TensorContainer;
  }) as unknown as ForwardResult;
}
