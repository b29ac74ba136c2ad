import { type AttendOptions, type AttentionMemory, initializers, torchLinear } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import type { VariantConfig } from './attention-base';
import { boolean, type OptionsOf } from './options';
import { ScoredAttention, scoredOptions } from './scored-attention';
import { dotScores } from './scores';
import { type AttentionDimensions, defineAttention } from './variant';

/** Options of general attention. */
export const generalOptions = {
  /** Multiply scores by a learned scalar g, initialised to 1 (TF Addons `LuongAttention(scale=True)`). Defaults to false. */
  scale: boolean(false),
  ...scoredOptions,
};

/** Options of `GeneralAttention`. */
export type GeneralAttentionConfig = AttentionDimensions & OptionsOf<typeof generalOptions>;

/**
 * Luong et al. (2015) general score `qᵀ W k`, `W [dq, dk]` (PyTorch layout of
 * a bias-free `nn.Linear(dk, dq)` on the keys), times a learned scalar `g`
 * with `scale`. `W k` is computed once in `prepare`, so a step costs one
 * batched matMul.
 */
export class GeneralAttention extends ScoredAttention<typeof generalOptions> {
  readonly contextDim: number;
  readonly #W: tf.Variable;
  readonly #g: tf.Variable | undefined;

  constructor(config: GeneralAttentionConfig & VariantConfig<'general'>) {
    super('GeneralAttention', 'general', generalOptions, config);
    this.contextDim = this.valueDim;
    this.#W = this.addParameter(
      'W',
      [this.queryDim, this.keyDim],
      initializers.pytorch(this.keyDim),
    );
    this.#g = this.options.scale ? this.addParameter('g', [], initializers.ones()) : undefined;
  }

  protected override prepareCache(keys: tf.Tensor3D): Record<string, tf.Tensor> {
    return { keyFeatures: torchLinear(keys, this.#W) }; // [b, S, dq]
  }

  protected score(query: tf.Tensor3D, memory: AttentionMemory, _options: AttendOptions): tf.Tensor {
    const scores = dotScores(query, memory.cache.keyFeatures as tf.Tensor3D); // [b, T, S]
    return this.#g ? tf.mul(scores, this.#g) : scores;
  }
}

/** `general` in the registry. */
export const general = defineAttention({
  type: 'general',
  options: generalOptions,
  create: (config) => new GeneralAttention(config),
});
