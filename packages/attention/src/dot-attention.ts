import {
  type AttendOptions,
  type AttentionMemory,
  initializers,
  invalidArgument,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import type { VariantConfig } from './attention-base';
import { boolean, type OptionsOf } from './options';
import { ScoredAttention, scoredOptions } from './scored-attention';
import { dotScores } from './scores';
import { type AttentionDimensions, defineAttention } from './variant';

/** Options of dot and scaled-dot attention. */
export const dotOptions = {
  /** Multiply scores by a learned scalar g, initialised to 1 (TF Addons `scale=True`). Defaults to false. */
  scale: boolean(false),
  ...scoredOptions,
};

/** Options of `DotAttention`. */
export type DotAttentionConfig = AttentionDimensions & OptionsOf<typeof dotOptions>;

/**
 * Luong et al. (2015) dot score `qᵀk` (`type: 'dot'`), or the scaled dot
 * product `qᵀk/√dk` (Vaswani et al. 2017; `type: 'scaled-dot'`). Needs
 * `queryDim === keyDim`. No key-side work to hoist; parameters: `g` with `scale`.
 */
export class DotAttention extends ScoredAttention<typeof dotOptions> {
  readonly contextDim: number;
  /** Whether scores are divided by √dk (`scaled-dot`). */
  readonly scaled: boolean;
  readonly #g: tf.Variable | undefined;

  constructor(config: DotAttentionConfig & VariantConfig<'dot' | 'scaled-dot'>) {
    super('DotAttention', config.type === 'scaled-dot' ? 'scaled-dot' : 'dot', dotOptions, config);
    this.scaled = this.type === 'scaled-dot';
    if (this.queryDim !== this.keyDim) {
      throw invalidArgument(
        'DotAttention',
        'queryDim',
        `must equal keyDim (${this.keyDim}) for a dot-product score`,
        this.queryDim,
      );
    }
    this.contextDim = this.valueDim;
    this.#g = this.options.scale ? this.addParameter('g', [], initializers.ones()) : undefined;
  }

  protected score(query: tf.Tensor3D, memory: AttentionMemory, _options: AttendOptions): tf.Tensor {
    const factor = this.scaled ? 1 / Math.sqrt(this.keyDim) : 1;
    const queries = factor === 1 ? query : tf.mul(query, factor); // [b, T, dk]
    const scores = dotScores(queries, memory.keys); // [b, T, S]
    return this.#g ? tf.mul(scores, this.#g) : scores;
  }
}

/** `dot` in the registry. */
export const dot = defineAttention({
  type: 'dot',
  options: dotOptions,
  create: (config) => new DotAttention(config),
});

/** `scaled-dot` in the registry. */
export const scaledDot = defineAttention({
  type: 'scaled-dot',
  options: dotOptions,
  create: (config) => new DotAttention(config),
});
