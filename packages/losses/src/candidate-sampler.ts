import type * as tf from '@tensorflow/tfjs-core';

/** One draw of candidate classes, shared by every example of a batch (TF's `sampled_values`). */
export interface CandidateSample {
  /** `[numSampled]` sampled class ids (distinct when drawn with `unique`). */
  readonly ids: Int32Array;
  /** `[numSampled]` expected number of times each sampled id would be drawn. */
  readonly sampledExpectedCount: Float32Array;
  /** Number of draws made (≥ numSampled with `unique`: repeats are redrawn). */
  readonly numTries: number;
  /**
   * Expected counts of arbitrary (true) classes under the same draw, computed
   * on the device so targets never leave it.
   * @param ids int32 ids of any shape.
   * @returns float32, same shape as `ids`.
   */
  trueExpectedCount(ids: tf.Tensor): tf.Tensor;
}

/** Draws candidate classes for sampled softmax. */
export interface CandidateSampler {
  /** V: classes are `0..V-1`. */
  readonly vocabSize: number;
  /** Draws `numSampled` candidates; `unique` redraws repeats. */
  sample(numSampled: number, unique?: boolean): CandidateSample;
}

/**
 * TensorFlow's `ExpectedCountHelper`: how many times a class of probability
 * `p` is expected among `numTries` draws, `p·numTries` when no draw was
 * repeated, else `1 − (1 − p)^numTries` computed stably as
 * `−expm1(numTries·log1p(−p))`.
 */
export function expectedCount(p: number, numSampled: number, numTries: number): number {
  if (numTries === numSampled) return p * numSampled;
  return -Math.expm1(numTries * Math.log1p(-p));
}
