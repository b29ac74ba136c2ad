import {
  type AttendOptions,
  type AttentionMemory,
  type AttentionResult,
  initializers,
  invalidArgument,
  TorchLinear,
  torchLinear,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { visibleQueries } from './attend-scores';
import type { VariantConfig } from './attention-base';
import { mergeHeads, splitHeads } from './heads';
import { boolean, type OptionsOf, positiveInteger } from './options';
import { ScoredAttention, scoredOptions } from './scored-attention';
import { dotScores } from './scores';
import { type AttentionDimensions, defineAttention } from './variant';

/** Options of multi-head attention. */
export const multiheadOptions = {
  /** Embedding size E (projected q, k, v and the output). Defaults to `queryDim`. */
  units: positiveInteger(({ queryDim }) => queryDim),
  /** Number of heads h; must divide E. Defaults to 1. */
  heads: positiveInteger(1),
  /** Biases of the input and output projections. Defaults to true. */
  useBias: boolean(true),
  ...scoredOptions,
};

/** Options of `MultiheadAttention`. */
export type MultiheadAttentionConfig = AttentionDimensions & OptionsOf<typeof multiheadOptions>;

/**
 * Scaled dot-product attention in h heads (Vaswani et al. 2017) with PyTorch's
 * `nn.MultiheadAttention` parameters, so a PyTorch `state_dict` loads
 * one-to-one: `in_proj_weight [3E, E]` when dq = dk = dv = E, otherwise
 * `q_proj_weight [E, dq]`, `k_proj_weight [E, dk]`, `v_proj_weight [E, dv]`;
 * `in_proj_bias [3E]`; `out_proj.weight [E, E]`, `out_proj.bias [E]`. Same
 * initialisation as PyTorch (Xavier-uniform input projections, zero biases).
 *
 * The key and value projections are computed once in `prepare`. Returns per-head weights `[b, h, T, S]` and their mean; context is
 * the output projection (`contextDim` = E), zero for a row with no visible key.
 */
export class MultiheadAttention extends ScoredAttention<typeof multiheadOptions> {
  readonly contextDim: number;
  /** E. */
  readonly units: number;
  /** h. */
  readonly heads: number;
  /** Whether q, k, v share one packed `in_proj_weight` (dq = dk = dv = E). */
  readonly packed: boolean;
  readonly #inProjWeight: tf.Variable | undefined;
  readonly #qProjWeight: tf.Variable | undefined;
  readonly #kProjWeight: tf.Variable | undefined;
  readonly #vProjWeight: tf.Variable | undefined;
  readonly #inProjBias: tf.Variable | undefined;
  readonly #outProj: TorchLinear;

  constructor(config: MultiheadAttentionConfig & VariantConfig<'multihead'>) {
    super('MultiheadAttention', 'multihead', multiheadOptions, config);
    const owner = 'MultiheadAttention';
    const { units, heads, useBias } = this.options;
    this.units = units;
    this.heads = heads;
    if (this.units % this.heads !== 0) {
      throw invalidArgument(owner, 'heads', `must divide units (${this.units})`, this.heads);
    }
    this.contextDim = this.units;
    const E = this.units;
    this.packed = this.queryDim === E && this.keyDim === E && this.valueDim === E;
    const xavier = initializers.glorotUniform();
    if (this.packed) {
      this.#inProjWeight = this.addParameter('in_proj_weight', [3 * E, E], xavier);
    } else {
      this.#qProjWeight = this.addParameter('q_proj_weight', [E, this.queryDim], xavier);
      this.#kProjWeight = this.addParameter('k_proj_weight', [E, this.keyDim], xavier);
      this.#vProjWeight = this.addParameter('v_proj_weight', [E, this.valueDim], xavier);
    }
    this.#inProjBias = useBias
      ? this.addParameter('in_proj_bias', [3 * E], initializers.zeros())
      : undefined;
    this.#outProj = this.addModule(
      'out_proj',
      new TorchLinear(
        { inFeatures: E, outFeatures: E, useBias, seed: this.childSeed('out_proj') },
        initializers.pytorch(E),
        initializers.zeros(),
      ),
    );
  }

  /** Weight `[E, d]` and bias `[E]` of projection `index` (0 = q, 1 = k, 2 = v). */
  #projection(index: 0 | 1 | 2): { weight: tf.Tensor2D; bias: tf.Tensor1D | undefined } {
    const E = this.units;
    const weight = this.#inProjWeight
      ? (tf.slice(this.#inProjWeight, [index * E, 0], [E, E]) as tf.Tensor2D)
      : ([this.#qProjWeight, this.#kProjWeight, this.#vProjWeight][index] as tf.Tensor2D);
    const bias = this.#inProjBias
      ? (tf.slice(this.#inProjBias, [index * E], [E]) as tf.Tensor1D)
      : undefined;
    return { weight, bias };
  }

  protected override prepareCache(
    keys: tf.Tensor3D,
    values: tf.Tensor3D,
  ): Record<string, tf.Tensor> {
    const key = this.#projection(1);
    const value = this.#projection(2);
    // Kept [b, S, E] (positions on axis 1, so appendMemory can extend them); split per call.
    return {
      keyFeatures: torchLinear(keys, key.weight, key.bias), // [b, S, E]
      valueFeatures: torchLinear(values, value.weight, value.bias), // [b, S, E]
    };
  }

  protected score(query: tf.Tensor3D, memory: AttentionMemory, _options: AttendOptions): tf.Tensor {
    const { weight, bias } = this.#projection(0);
    const headDim = this.units / this.heads;
    const projected = tf.mul(torchLinear(query, weight, bias), 1 / Math.sqrt(headDim)); // [b, T, E]
    const queryHeads = splitHeads(projected as tf.Tensor3D, this.heads); // [b, h, T, E/h]
    const keyHeads = splitHeads(memory.cache.keyFeatures as tf.Tensor3D, this.heads); // [b, h, S, E/h]
    return dotScores(queryHeads, keyHeads); // [b, h, T, S]
  }

  protected override contextValues(memory: AttentionMemory): tf.Tensor {
    return splitHeads(memory.cache.valueFeatures as tf.Tensor3D, this.heads); // [b, h, S, E/h]
  }

  protected override finish(
    context: tf.Tensor,
    weights: tf.Tensor,
    mask: tf.Tensor | undefined,
  ): AttentionResult {
    const output = this.#outProj.apply(mergeHeads(context as tf.Tensor4D)); // [b, T, E]
    return {
      context: (mask ? tf.mul(output, visibleQueries(mask)) : output) as tf.Tensor3D,
      weights: tf.mean(weights, 1) as tf.Tensor3D, // [b, T, S]
      headWeights: weights as tf.Tensor4D, // [b, h, T, S]
    };
  }
}

/** `multihead` in the registry. */
export const multihead = defineAttention({
  type: 'multihead',
  options: multiheadOptions,
  create: (config) => new MultiheadAttention(config),
});
