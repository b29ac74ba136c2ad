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
 * `x · weightᵀ + bias` over the last axis, in PyTorch's `nn.Linear` layout
 * (`torch.nn.functional.linear`). The transposed product is one
 * `tf.matMul(x, weight, false, true)`: on wasm heed's `BatchMatMul` kernel
 * keeps it on the fast GEMM (and reuses a weight's transposed copy while its
 * data is unchanged), so no caller transposes weights itself.
 * @param x `[..., in]`.
 * @param weight `[out, in]`.
 * @param bias `[out]`.
 * @returns `[..., out]`.
 */
export function torchLinear<T extends tf.Tensor>(x: T, weight: tf.Tensor, bias?: tf.Tensor): T {
  const [outFeatures, inFeatures] = weight.shape as [number, number];
  if (x.shape[x.rank - 1] !== inFeatures) {
    throw invalidArgument(
      'torchLinear',
      'x.shape',
      `must end in weight.shape[1]=${inFeatures} (weight is [out, in])`,
      x.shape,
    );
  }
  return tf.tidy(() => {
    const flat = tf.reshape(x, [-1, inFeatures]) as tf.Tensor2D; // [N, in]
    const product = tf.matMul(flat, weight as tf.Tensor2D, false, true); // [N, out]
    const projected = bias ? tf.add(product, bias) : product;
    return tf.reshape(projected, [...x.shape.slice(0, -1), outFeatures]) as T;
  });
}

/** Configuration of a `TorchLinear` layer (PyTorch's `nn.Linear` arguments). */
export interface TorchLinearConfig {
  inFeatures: number;
  outFeatures: number;
  /** Adds a bias. Defaults to true. */
  useBias?: boolean;
  /** Defaults to 0. */
  seed?: number;
}

const KNOWN = ['inFeatures', 'outFeatures', 'useBias', 'seed'] as const;

/**
 * PyTorch's `nn.Linear` as a heed module (`torchLinear`), with PyTorch's
 * parameter names and layout, `weight [out, in]` and `bias [out]`, so a
 * `state_dict` entry such as `out_proj.weight` loads unchanged (see `Dense`
 * for the Keras layout). Weight and bias default to PyTorch's U(±1/√in); a
 * parent may pass other initialisers.
 */
export class TorchLinear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly useBias: boolean;
  readonly weight: tf.Variable;
  readonly bias: tf.Variable | undefined;

  constructor(
    config: TorchLinearConfig,
    weightInitializer?: Initializer,
    biasInitializer?: Initializer,
  ) {
    super(config.seed ?? 0);
    assertKnownKeys('TorchLinear', config, KNOWN);
    this.inFeatures = assertPositiveInteger('TorchLinear', 'inFeatures', config.inFeatures);
    this.outFeatures = assertPositiveInteger('TorchLinear', 'outFeatures', config.outFeatures);
    this.useBias = assertBoolean('TorchLinear', 'useBias', config.useBias ?? true);
    const fallback = initializers.pytorch(this.inFeatures);
    this.weight = this.addParameter(
      'weight',
      [this.outFeatures, this.inFeatures],
      weightInitializer ?? fallback,
    );
    this.bias = this.useBias
      ? this.addParameter('bias', [this.outFeatures], biasInitializer ?? fallback)
      : undefined;
  }

  /** @param x `[..., in]` → `[..., out]`. */
  apply<T extends tf.Tensor>(x: T): T {
    return torchLinear(x, this.weight, this.bias);
  }

  getConfig(): TorchLinearConfig {
    return {
      inFeatures: this.inFeatures,
      outFeatures: this.outFeatures,
      useBias: this.useBias,
      seed: this.seed,
    };
  }

  static fromConfig(config: TorchLinearConfig): TorchLinear {
    return new TorchLinear(config);
  }
}
