import { Random } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Seeded dropout for one forward pass: active only in training, each call
 * draws a fresh mask seed from the generator so runs are reproducible.
 */
export class Dropout {
  constructor(
    readonly rate: number,
    readonly training: boolean,
    private readonly random: Random,
  ) {}

  /** An inactive dropout (inference). */
  static off(): Dropout {
    return new Dropout(0, false, new Random(0));
  }

  /** `attend` options of this pass: training, and the seed of the attention's dropout mask. */
  attendOptions(): { training: boolean; seed?: number } {
    return this.training ? { training: true, seed: this.random.nextUint32() } : { training: false };
  }

  apply<T extends tf.Tensor>(x: T): T {
    if (!this.training || this.rate === 0) return x;
    return tf.dropout(x, this.rate, undefined, this.random.nextUint32()) as T;
  }
}
