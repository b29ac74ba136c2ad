import { assertLengths, HeedError } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';

/** Sequence lengths as a tensor or plain numbers. */
export type SequenceLengths = tf.Tensor1D | Int32Array | readonly number[];

/**
 * `[b]` lengths as an int32 tensor (every row T long when absent). Plain
 * numbers are checked to be integers in [0, T]; a tensor is checked for shape
 * and dtype only, so nothing is read back from the device (heed's recurrence
 * kernel checks its values where it reads them).
 */
export function lengthsTensor(
  owner: string,
  lengths: SequenceLengths | undefined,
  batch: number,
  steps: number,
): tf.Tensor1D {
  if (lengths === undefined) return tf.fill([batch], steps, 'int32') as tf.Tensor1D;
  const count = lengths instanceof tf.Tensor ? lengths.size : lengths.length;
  if (count !== batch || (lengths instanceof tf.Tensor && lengths.rank !== 1)) {
    throw new HeedError(
      `${owner}: lengths must have one entry per batch row (${batch}). Received: lengths.length=${count}`,
    );
  }
  if (lengths instanceof tf.Tensor) {
    return lengths.dtype === 'int32' ? lengths : (tf.cast(lengths, 'int32') as tf.Tensor1D);
  }
  assertLengths(owner, lengths, steps);
  return tf.tensor1d(Array.from(lengths), 'int32');
}
