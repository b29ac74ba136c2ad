import * as tf from '@tensorflow/tfjs-core';
import { initializers } from '../initializers';
import { Module } from '../module';
import { assertInRange, assertKnownKeys, assertPositiveInteger } from '../validation';

/** Configuration of a `LayerNorm`. */
export interface LayerNormConfig {
  dim: number;
  /** Added to the variance. Defaults to 1e-5 (PyTorch). */
  epsilon?: number;
}

const KNOWN = ['dim', 'epsilon'] as const;

/** Layer normalisation over the last axis with learned `gamma [dim]` (ones) and `beta [dim]` (zeros). */
export class LayerNorm extends Module {
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
  readonly epsilon: number;

  constructor(private readonly config: LayerNormConfig) {
    super(0);
    assertKnownKeys('LayerNorm', config, KNOWN);
    const dim = assertPositiveInteger('LayerNorm', 'dim', config.dim);
    this.epsilon = assertInRange('LayerNorm', 'epsilon', config.epsilon ?? 1e-5, 0, 1);
    this.gamma = this.addParameter('gamma', [dim], initializers.ones());
    this.beta = this.addParameter('beta', [dim], initializers.zeros());
  }

  /** @param x `[..., dim]` → same shape. */
  apply<T extends tf.Tensor>(x: T): T {
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, -1, true); // [..., 1]
      const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normalised, this.gamma), this.beta) as T;
    });
  }

  getConfig(): LayerNormConfig {
    return { ...this.config };
  }

  static fromConfig(config: LayerNormConfig): LayerNorm {
    return new LayerNorm(config);
  }
}
