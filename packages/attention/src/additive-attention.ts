import {
  type AdditiveScore,
  type AttendOptions,
  type AttentionMemory,
  initializers,
  torchLinear,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import type { VariantConfig } from './attention-base';
import { boolean, type OptionsOf, positiveInteger } from './options';
import { ScoredAttention, scoredOptions } from './scored-attention';
import { mlpScores } from './scores';
import { type AttentionDimensions, defineAttention } from './variant';

/** Options of additive attention. */
export const additiveOptions = {
  /** Hidden size u of the score network. Defaults to `keyDim`. */
  units: positiveInteger(({ keyDim }) => keyDim),
  /** Add the bias b. Defaults to true. */
  useBias: boolean(true),
  /** Use g·v/‖v‖ in place of v (TF Addons `normalize=True`, Salimans & Kingma 2016). Defaults to false. */
  normalize: boolean(false),
  ...scoredOptions,
};

/** Options of `AdditiveAttention`. */
export type AdditiveAttentionConfig = AttentionDimensions & OptionsOf<typeof additiveOptions>;

/**
 * Bahdanau et al. (2015): `score(q, k) = vᵀ tanh(W1 k + W2 q + b)`.
 *
 * Parameters (PyTorch `nn.Linear` layout): `W1 [u, dk]`, `W2 [u, dq]`, `b [u]`,
 * `v [u]`, and with `normalize` the scalar `g`. `W1 k + b` is computed once in
 * `prepare`, so a decoder step costs only `W2 q`.
 */
export class AdditiveAttention extends ScoredAttention<typeof additiveOptions> {
  readonly contextDim: number;
  readonly #W1: tf.Variable;
  readonly #W2: tf.Variable;
  readonly #b: tf.Variable | undefined;
  readonly #v: tf.Variable;
  readonly #g: tf.Variable | undefined;

  constructor(config: AdditiveAttentionConfig & VariantConfig<'additive'>) {
    super('AdditiveAttention', 'additive', additiveOptions, config);
    const { units, useBias, normalize } = this.options;
    this.contextDim = this.valueDim;
    this.#W1 = this.addParameter('W1', [units, this.keyDim], initializers.pytorch(this.keyDim));
    this.#W2 = this.addParameter('W2', [units, this.queryDim], initializers.pytorch(this.queryDim));
    this.#b = useBias
      ? this.addParameter('b', [units], initializers.pytorch(this.queryDim))
      : undefined;
    this.#v = this.addParameter('v', [units], initializers.pytorch(units));
    this.#g = normalize
      ? this.addParameter('g', [], initializers.constant(Math.sqrt(1 / units)))
      : undefined;
  }

  protected override prepareCache(keys: tf.Tensor3D): Record<string, tf.Tensor> {
    return { keyFeatures: torchLinear(keys, this.#W1, this.#b) }; // [b, S, u]
  }

  protected score(query: tf.Tensor3D, memory: AttentionMemory, _options: AttendOptions): tf.Tensor {
    const queryFeatures = torchLinear(query, this.#W2); // [b, T, u]
    return mlpScores(queryFeatures, memory.cache.keyFeatures as tf.Tensor3D, this.#scoreVector());
  }

  /** The score as `vᵀ tanh(keyFeatures + W2 q)` for fused decoders; none with dropout while training. */
  additiveScore(memory: AttentionMemory, options: AttendOptions = {}): AdditiveScore | undefined {
    if ((options.training && this.dropout > 0) || options.causal) return undefined;
    return {
      queryWeight: this.#W2 as tf.Tensor2D,
      scoreVector: this.#scoreVector(),
      keyFeatures: memory.cache.keyFeatures as tf.Tensor3D,
    };
  }

  /** `[u]`: v, or g·v/‖v‖ with `normalize`. */
  #scoreVector(): tf.Tensor1D {
    return (this.#g ? tf.mul(this.#g, tf.div(this.#v, tf.norm(this.#v))) : this.#v) as tf.Tensor1D;
  }
}

/** `additive` in the registry. */
export const additive = defineAttention({
  type: 'additive',
  options: additiveOptions,
  create: (config) => new AdditiveAttention(config),
});
