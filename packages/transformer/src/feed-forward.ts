import { Dense, Module } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Dropout } from './dropout';

/**
 * `W2 · act(W1 · x + b1) + b2`, applied at every position; `inner` and `outer`
 * are `Dense` layers (`kernel [in, out]`).
 */
export class FeedForward extends Module {
  readonly #inner: Dense;
  readonly #outer: Dense;

  constructor(
    readonly dim: number,
    readonly innerDim: number,
    readonly activation: 'relu' | 'gelu',
    seed: number,
  ) {
    super(seed);
    this.#inner = this.addModule(
      'inner',
      new Dense({ inputDim: dim, outputDim: innerDim, seed: this.childSeed('inner') }),
    );
    this.#outer = this.addModule(
      'outer',
      new Dense({ inputDim: innerDim, outputDim: dim, seed: this.childSeed('outer') }),
    );
  }

  /** @param x `[b, T, d]` → `[b, T, d]`. */
  apply(x: tf.Tensor3D, dropout: Dropout): tf.Tensor3D {
    return tf.tidy(() => {
      const hidden = this.#inner.apply(x); // [b, T, ff]
      const activated = this.activation === 'relu' ? tf.relu(hidden) : gelu(hidden);
      return this.#outer.apply(dropout.apply(activated)) as tf.Tensor3D;
    });
  }

  getConfig() {
    return { dim: this.dim, innerDim: this.innerDim, activation: this.activation, seed: this.seed };
  }
}

/** GELU, tanh approximation (as in GPT-2 / PyTorch `approximate='tanh'`). */
function gelu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const cube = tf.mul(tf.pow(x, 3), 0.044715);
    const inner = tf.mul(tf.add(x, cube), Math.sqrt(2 / Math.PI));
    return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
  });
}
