import {
  assertBoolean,
  assertPositiveInteger,
  type Initializer,
  initializers,
  Module,
} from '@heed/core';
import type * as tf from '@tensorflow/tfjs-core';
import { linear } from './linear';

/** Options of `Linear`. */
export interface LinearConfig {
  inFeatures: number;
  outFeatures: number;
  /** Defaults to true. */
  useBias?: boolean;
  /** Defaults to 0. */
  seed?: number;
}

/**
 * A PyTorch `nn.Linear` as a heed module, with PyTorch's parameter names and
 * layout, `weight [out, in]` and `bias [out]`, so that `out_proj.weight` of a
 * PyTorch `state_dict` loads unchanged (core's `Linear` keeps a Keras-layout
 * `kernel [in, out]`). Weight and bias default to PyTorch's U(±1/√in); a
 * parent may pass others.
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly useBias: boolean;
  readonly weight: tf.Variable;
  readonly bias: tf.Variable | undefined;

  constructor(
    config: LinearConfig,
    weightInitializer?: Initializer,
    biasInitializer?: Initializer,
  ) {
    super(config.seed ?? 0);
    this.inFeatures = assertPositiveInteger('Linear', 'inFeatures', config.inFeatures);
    this.outFeatures = assertPositiveInteger('Linear', 'outFeatures', config.outFeatures);
    this.useBias = assertBoolean('Linear', 'useBias', config.useBias ?? true);
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

  /** @param x `[..., in]`. @returns `[..., out]`. */
  apply<T extends tf.Tensor>(x: T): T {
    return linear(x, this.weight, this.bias);
  }

  getConfig() {
    return {
      inFeatures: this.inFeatures,
      outFeatures: this.outFeatures,
      useBias: this.useBias,
      seed: this.seed,
    };
  }
}
