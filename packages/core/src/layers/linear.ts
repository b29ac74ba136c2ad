import * as tf from '@tensorflow/tfjs-core';
import { type Initializer, initializers } from '../initializers';
import { Module } from '../module';
import { assertBoolean, assertKnownKeys, assertPositiveInteger } from '../validation';

/** Configuration of a `Linear` layer. */
export interface LinearConfig {
  inputDim: number;
  outputDim: number;
  /** Adds a bias. Defaults to true. */
  useBias?: boolean;
  /** Defaults to 0. */
  seed?: number;
}

const KNOWN = ['inputDim', 'outputDim', 'useBias', 'seed'] as const;

/**
 * `y = x · kernel + bias` over the last axis, with PyTorch's `nn.Linear`
 * initialisation U(±1/√inputDim). Parameters: `kernel [inputDim, outputDim]`
 * (the transpose of PyTorch's `weight`) and `bias [outputDim]`.
 */
export class Linear extends Module {
  readonly kernel: tf.Variable;
  readonly bias?: tf.Variable;
  readonly inputDim: number;
  readonly outputDim: number;

  constructor(private readonly config: LinearConfig) {
    super(config.seed ?? 0);
    assertKnownKeys('Linear', config, KNOWN);
    this.inputDim = assertPositiveInteger('Linear', 'inputDim', config.inputDim);
    this.outputDim = assertPositiveInteger('Linear', 'outputDim', config.outputDim);
    const init: Initializer = initializers.pytorch(this.inputDim);
    this.kernel = this.addParameter('kernel', [this.inputDim, this.outputDim], init);
    if (assertBoolean('Linear', 'useBias', config.useBias ?? true)) {
      this.bias = this.addParameter('bias', [this.outputDim], init);
    }
  }

  /** @param x `[..., inputDim]` → `[..., outputDim]`. */
  apply<T extends tf.Tensor>(x: T): T {
    return tf.tidy(() => {
      const leading = x.shape.slice(0, -1);
      const flat = tf.reshape(x, [-1, this.inputDim]); // [N, in]
      const projected = tf.matMul(flat, this.kernel); // [N, out]
      const biased = this.bias ? tf.add(projected, this.bias) : projected;
      return tf.reshape(biased, [...leading, this.outputDim]) as T;
    });
  }

  getConfig(): LinearConfig {
    return { ...this.config };
  }

  static fromConfig(config: LinearConfig): Linear {
    return new Linear(config);
  }
}
