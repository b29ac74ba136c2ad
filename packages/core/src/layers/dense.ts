import * as tf from '@tensorflow/tfjs-core';
import { type Initializer, initializers } from '../initializers';
import { Module } from '../module';
import {
  assertBoolean,
  assertKnownKeys,
  assertPositiveInteger,
  invalidArgument,
} from '../validation';

/**
 * `x · kernel + bias` over the last axis, in Keras' `Dense` layout (TF.js's
 * `tf.layers.dense`).
 * @param x `[..., in]`.
 * @param kernel `[in, out]`.
 * @param bias `[out]`.
 * @returns `[..., out]`.
 */
export function dense<T extends tf.Tensor>(x: T, kernel: tf.Tensor, bias?: tf.Tensor): T {
  const [inFeatures, outFeatures] = kernel.shape as [number, number];
  if (x.shape[x.rank - 1] !== inFeatures) {
    throw invalidArgument(
      'dense',
      'x.shape',
      `must end in kernel.shape[0]=${inFeatures} (kernel is [in, out])`,
      x.shape,
    );
  }
  return tf.tidy(() => {
    const flat = tf.reshape(x, [-1, inFeatures]) as tf.Tensor2D; // [N, in]
    const product = tf.matMul(flat, kernel as tf.Tensor2D); // [N, out]
    const projected = bias ? tf.add(product, bias) : product;
    return tf.reshape(projected, [...x.shape.slice(0, -1), outFeatures]) as T;
  });
}

/** Configuration of a `Dense` layer. */
export interface DenseConfig {
  inputDim: number;
  outputDim: number;
  /** Adds a bias. Defaults to true. */
  useBias?: boolean;
  /** Defaults to 0. */
  seed?: number;
}

const KNOWN = ['inputDim', 'outputDim', 'useBias', 'seed'] as const;

/**
 * `y = x · kernel + bias` over the last axis (`dense`), Keras layout:
 * parameters `kernel [inputDim, outputDim]` (the transpose of PyTorch's
 * `weight`; see `TorchLinear` for that layout) and `bias [outputDim]`, both
 * initialised like PyTorch's `nn.Linear`, U(±1/√inputDim).
 */
export class Dense extends Module {
  readonly kernel: tf.Variable;
  readonly bias?: tf.Variable;
  readonly inputDim: number;
  readonly outputDim: number;

  constructor(private readonly config: DenseConfig) {
    super(config.seed ?? 0);
    assertKnownKeys('Dense', config, KNOWN);
    this.inputDim = assertPositiveInteger('Dense', 'inputDim', config.inputDim);
    this.outputDim = assertPositiveInteger('Dense', 'outputDim', config.outputDim);
    const init: Initializer = initializers.pytorch(this.inputDim);
    this.kernel = this.addParameter('kernel', [this.inputDim, this.outputDim], init);
    if (assertBoolean('Dense', 'useBias', config.useBias ?? true)) {
      this.bias = this.addParameter('bias', [this.outputDim], init);
    }
  }

  /** @param x `[..., inputDim]` → `[..., outputDim]`. */
  apply<T extends tf.Tensor>(x: T): T {
    return dense(x, this.kernel, this.bias);
  }

  getConfig(): DenseConfig {
    return { ...this.config };
  }

  static fromConfig(config: DenseConfig): Dense {
    return new Dense(config);
  }
}
