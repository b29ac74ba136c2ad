import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `fn` and throws if `tf.memory().numTensors` differs afterwards.
 * Returns what `fn` returned (which should be plain data, not tensors).
 */
export async function expectNoLeaks<T>(fn: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const after = tf.memory().numTensors;
  if (after !== before) {
    throw new Error(
      `expectNoLeaks: ${after - before} tensor(s) leaked (${before} before, ${after} after)`,
    );
  }
  return result;
}
