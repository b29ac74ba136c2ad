import { HeedError } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';

/** Sequence lengths as a tensor or plain numbers. */
export type SequenceLengths = tf.Tensor1D | Int32Array | readonly number[];

/**
 * Reads `[b]` lengths into an `Int32Array`, checking each is an integer in
 * [0, T]. Returns null when every row is T long (no masking needed).
 */
export function readLengths(
  owner: string,
  lengths: SequenceLengths | undefined,
  batch: number,
  steps: number,
): Int32Array | null {
  if (lengths === undefined) return null;
  const values: number[] =
    lengths instanceof tf.Tensor ? Array.from(lengths.dataSync()) : Array.from(lengths);
  if (values.length !== batch) {
    throw new HeedError(
      `${owner}: lengths must have one entry per batch row (${batch}). Received: lengths.length=${values.length}`,
    );
  }
  for (const length of values) {
    if (!Number.isInteger(length) || length < 0 || length > steps) {
      throw new HeedError(
        `${owner}: every length must be an integer in [0, ${steps}]. Received: length=${length}`,
      );
    }
  }
  return values.every((length) => length === steps) ? null : Int32Array.from(values);
}
