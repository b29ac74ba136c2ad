import { type AttendOptions, type AttentionMemory, initializers } from '@heed/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { VariantConfig } from './attention-base';
import { boolean, type OptionsOf, positiveInteger } from './options';
import { ScoredAttention, scoredOptions } from './scored-attention';
import { concatKeyFeatures, concatQueryFeatures, mlpScores } from './scores';
import { type AttentionDimensions, defineAttention } from './variant';

/** Options of concat attention. */
export const concatOptions = {
  /** Hidden size u. Defaults to `keyDim`. */
  units: positiveInteger(({ keyDim }) => keyDim),
  /** Add the bias b. Defaults to true. */
  useBias: boolean(true),
  ...scoredOptions,
};

/** Options of `ConcatAttention`. */
export type ConcatAttentionConfig = AttentionDimensions & OptionsOf<typeof concatOptions>;

/**
 * Luong et al. (2015) concat score `vᵀ tanh(W [q; k] + b)`, query first.
 *
 * Parameters: `W [u, dq + dk]` (PyTorch layout), `b [u]`, `v [u]`. Since
 * `W [q; k] = W[:, :dq] q + W[:, dq:] k`, the key half is computed once in
 * `prepare`.
 */
export class ConcatAttention extends ScoredAttention<typeof concatOptions> {
  readonly contextDim: number;
  readonly #W: tf.Variable;
  readonly #b: tf.Variable | undefined;
  readonly #v: tf.Variable;

  constructor(config: ConcatAttentionConfig & VariantConfig<'concat'>) {
    super('ConcatAttention', 'concat', concatOptions, config);
    const { units, useBias } = this.options;
    this.contextDim = this.valueDim;
    const fanIn = this.queryDim + this.keyDim;
    this.#W = this.addParameter('W', [units, fanIn], initializers.pytorch(fanIn));
    this.#b = useBias ? this.addParameter('b', [units], initializers.pytorch(fanIn)) : undefined;
    this.#v = this.addParameter('v', [units], initializers.pytorch(units));
  }

  protected override prepareCache(keys: tf.Tensor3D): Record<string, tf.Tensor> {
    return {
      keyFeatures: concatKeyFeatures(
        keys,
        this.#W as tf.Tensor2D,
        this.queryDim,
        this.#b as tf.Tensor1D | undefined,
      ), // [b, S, u]
    };
  }

  protected score(query: tf.Tensor3D, memory: AttentionMemory, _options: AttendOptions): tf.Tensor {
    const queryFeatures = concatQueryFeatures(query, this.#W as tf.Tensor2D); // [b, T, u]
    return mlpScores(
      queryFeatures,
      memory.cache.keyFeatures as tf.Tensor3D,
      this.#v as tf.Tensor1D,
    );
  }
}

/** `concat` in the registry. */
export const concat = defineAttention({
  type: 'concat',
  options: concatOptions,
  create: (config) => new ConcatAttention(config),
});
