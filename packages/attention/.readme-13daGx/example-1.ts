import '@tensorflow/tfjs-backend-cpu';
import { disposeTree } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { createAttention } from '@heed/attention';

const attention = createAttention({ type: 'additive', queryDim: 8, keyDim: 6, units: 16 });

const encoderOutputs = tf.randomNormal([2, 5, 6], 0, 1, 'float32', 1) as tf.Tensor3D; // [b, S, dk]
const lengths = tf.tensor1d([5, 3], 'int32'); // row 1 is padded after 3 tokens

// Key-side work (W1·k + b) once per batch…
const memory = attention.prepare(encoderOutputs, encoderOutputs, undefined, lengths);

// …then one cheap call per decoder step (T = 1), or all steps at once (T = target length).
for (let t = 0; t < 3; t++) {
  const result = tf.tidy(() => {
    const decoderState = tf.randomNormal([2, 1, 8], 0, 1, 'float32', t + 2) as tf.Tensor3D; // [b, T=1, dq]
    const { context, weights } = attention.attend(decoderState, memory);
    return { context, weights }; // context [2, 1, 6], weights [2, 1, 5]
  });
  // Row 1's weights are the last 5 values; its padded positions are exactly 0.
  const row1 = Array.from(result.weights.dataSync().subarray(5), (weight) => weight.toFixed(3));
  console.log(`step ${t}:`, row1.join(' '));
  disposeTree(result);
}
// → step 0: 0.305 0.415 0.279 0.000 0.000
// → step 1: 0.320 0.399 0.282 0.000 0.000
// → step 2: 0.344 0.389 0.267 0.000 0.000

disposeTree(memory);
tf.dispose([encoderOutputs, lengths]);
attention.dispose();
