import {
  type AttendOptions,
  type AttentionMemory,
  assertBoolean,
  assertPositiveInteger,
  initializers,
} from '@heed/core';
import type * as tf from '@tensorflow/tfjs-core';
import { ScoredAttention, type ScoredAttentionOptions } from './scored-attention';
import { concatKeyFeatures, concatQueryFeatures, mlpScores } from './scores';

/** Options of `ConcatAttention`. */
export interface ConcatAttentionConfig extends ScoredAttentionOptions {
  /** Hidden size u. Defaults to `keyDim`. */
  units?: number;
  /** Add the bias b. Defaults to true. */
  useBias?: boolean;
}

/**
 * Luong et al. (2015) concat score `vᵀ tanh(W [q; k] + b)`, query first.
 *
 * Parameters: `W [u, dq + dk]` (PyTorch layout), `b [u]`, `v [u]`. Since
 * `W [q; k] = W[:, :dq] q + W[:, dq:] k`, the key half is computed once in
 * `prepare`.
 */
export class ConcatAttention extends ScoredAttention {
  readonly type = 'concat';
  readonly contextDim: number;
  readonly units: number;
  readonly useBias: boolean;
  readonly #W: tf.Variable;
  readonly #b: tf.Variable | undefined;
  readonly #v: tf.Variable;

  constructor(config: ConcatAttentionConfig) {
    super('ConcatAttention', config);
    this.units = assertPositiveInteger('ConcatAttention', 'units', config.units ?? this.keyDim);
    this.useBias = assertBoolean('ConcatAttention', 'useBias', config.useBias ?? true);
    this.contextDim = this.valueDim;
    const fanIn = this.queryDim + this.keyDim;
    this.#W = this.addParameter('W', [this.units, fanIn], initializers.pytorch(fanIn));
    this.#b = this.useBias
      ? this.addParameter('b', [this.units], initializers.pytorch(fanIn))
      : undefined;
    this.#v = this.addParameter('v', [this.units], initializers.pytorch(this.units));
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

  getConfig() {
    return {
      type: this.type,
      queryDim: this.queryDim,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      units: this.units,
      useBias: this.useBias,
      dropout: this.dropout,
      seed: this.seed,
    };
  }
}
