import { assertLengths, assertShape } from '@heed/core';
import type * as tf from '@tensorflow/tfjs-core';

/**
 * Checks `sourceLengths [b]` against `source [b, S]` the way `RnnSeq2Seq`
 * does: one length per row, each an integer in [0, S]. Reads the lengths back
 * once per call (not per step).
 */
export function assertSourceLengths(
  owner: string,
  source: tf.Tensor2D,
  sourceLengths: tf.Tensor1D,
): void {
  assertShape(owner, 'sourceLengths', sourceLengths.shape, [source.shape[0]]);
  assertLengths(owner, sourceLengths.dataSync(), source.shape[1]);
}
