import * as tf from '@tensorflow/tfjs-core';

/**
 * A source batch for the toy model: row i starts with `firstTokens[i]` (which
 * selects its table), continues with token 3, and is PAD after `lengths[i]`.
 */
export function sourceBatch(
  firstTokens: readonly number[],
  lengths: readonly number[],
): { source: tf.Tensor2D; sourceLengths: tf.Tensor1D; dispose: () => void } {
  const S = Math.max(...lengths);
  const rows = firstTokens.map((first, i) =>
    Array.from({ length: S }, (_, j) => (j >= (lengths[i] ?? 0) ? 0 : j === 0 ? first : 3)),
  );
  const source = tf.tensor2d(rows, [rows.length, S], 'int32');
  const sourceLengths = tf.tensor1d(lengths as number[], 'int32');
  return { source, sourceLengths, dispose: () => tf.dispose([source, sourceLengths]) };
}
