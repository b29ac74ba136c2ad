import { assertKnownKeys, assertPositiveInteger, invalidArgument, Random } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { type CandidateSample, type CandidateSampler, expectedCount } from './candidate-sampler';

const OWNER = 'LogUniformSampler';

/** Options of `LogUniformSampler`. */
export interface LogUniformSamplerOptions {
  /** Seed of the draws; equal seeds give equal sequences of samples. Defaults to 0. */
  seed?: number;
}

/**
 * The log-uniform (Zipfian) candidate sampler of TensorFlow's
 * `log_uniform_candidate_sampler`: P(k) = (log(k+2) − log(k+1)) / log(V+1),
 * which suits ids sorted by decreasing frequency (id 0 the most frequent).
 *
 * Each `sample` call advances the sampler's own seeded generator, so a
 * training loop that keeps one sampler gets a fresh candidate set per step,
 * reproducibly. `getState`/`setState` let a checkpoint resume the stream.
 */
export class LogUniformSampler implements CandidateSampler {
  readonly vocabSize: number;
  readonly #logRange: number;
  readonly #random: Random;

  /** @param vocabSize V, the number of classes. */
  constructor(vocabSize: number, options: LogUniformSamplerOptions = {}) {
    assertKnownKeys(OWNER, options, ['seed']);
    this.vocabSize = assertPositiveInteger(OWNER, 'vocabSize', vocabSize);
    this.#logRange = Math.log(vocabSize + 1);
    this.#random = new Random(options.seed ?? 0);
  }

  /** P(k) = log((k+2)/(k+1)) / log(V+1); the probabilities over 0..V-1 sum to 1. */
  probability(k: number): number {
    return Math.log1p(1 / (k + 1)) / this.#logRange;
  }

  /**
   * Draws `numSampled` ids as TensorFlow does: `floor(exp(u·log(V+1))) − 1`
   * for uniform u; with `unique` (the default, as in `sampled_softmax_loss`)
   * repeats are redrawn and counted in `numTries`.
   */
  sample(numSampled: number, unique = true): CandidateSample {
    assertPositiveInteger(OWNER, 'numSampled', numSampled);
    if (unique && numSampled > this.vocabSize) {
      throw invalidArgument(
        OWNER,
        'numSampled',
        `must be at most vocabSize (${this.vocabSize}) for unique sampling`,
        numSampled,
      );
    }
    const ids = new Int32Array(numSampled);
    const seen = new Set<number>();
    let picked = 0;
    let numTries = 0;
    while (picked < numSampled) {
      numTries++;
      const id = this.#draw();
      if (unique) {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      ids[picked++] = id;
    }
    const sampledExpectedCount = Float32Array.from(ids, (id) =>
      expectedCount(this.probability(id), numSampled, numTries),
    );
    const logRange = this.#logRange;
    return {
      ids,
      sampledExpectedCount,
      numTries,
      trueExpectedCount: (trueIds) =>
        tf.tidy(() => {
          const k = tf.cast(trueIds, 'float32');
          const p = tf.div(tf.log1p(tf.reciprocal(tf.add(k, 1))), logRange);
          if (numTries === numSampled) return tf.mul(p, numSampled);
          return tf.neg(tf.expm1(tf.mul(tf.log1p(tf.neg(p)), numTries)));
        }),
    };
  }

  /** The generator's state, for checkpoints. */
  getState(): number[] {
    return this.#random.getState();
  }

  /** Restores a state from `getState()`. */
  setState(state: readonly number[]): void {
    this.#random.setState(state);
  }

  #draw(): number {
    const value = Math.floor(Math.exp(this.#random.next() * this.#logRange)) - 1;
    return value % this.vocabSize;
  }
}
