import {
  type AdditiveScore,
  type AttendOptions,
  type AttentionMemory,
  assertBoolean,
  assertPositiveInteger,
  initializers,
  torchLinear,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { ScoredAttention, type ScoredAttentionOptions } from './scored-attention';
import { mlpScores } from './scores';

/** Options of `AdditiveAttention`. */
export interface AdditiveAttentionConfig extends ScoredAttentionOptions {
  /** Hidden size u of the score network. Defaults to `keyDim`. */
  units?: number;
  /** Add the bias b. Defaults to true. */
  useBias?: boolean;
  /** Use g·v/‖v‖ in place of v (TF Addons `normalize=True`, Salimans & Kingma 2016). Defaults to false. */
  normalize?: boolean;
}

/**
 * Bahdanau et al. (2015): `score(q, k) = vᵀ tanh(W1 k + W2 q + b)`.
 *
 * Parameters (PyTorch `nn.Linear` layout): `W1 [u, dk]`, `W2 [u, dq]`, `b [u]`,
 * `v [u]`, and with `normalize` the scalar `g`. `W1 k + b` is computed once in
 * `prepare`, so a decoder step costs only `W2 q`.
 */
export class AdditiveAttention extends ScoredAttention {
  readonly type = 'additive';
  readonly contextDim: number;
  readonly units: number;
  readonly useBias: boolean;
  readonly normalize: boolean;
  readonly #W1: tf.Variable;
  readonly #W2: tf.Variable;
  readonly #b: tf.Variable | undefined;
  readonly #v: tf.Variable;
  readonly #g: tf.Variable | undefined;

  constructor(config: AdditiveAttentionConfig) {
    super('AdditiveAttention', config);
    this.units = assertPositiveInteger('AdditiveAttention', 'units', config.units ?? this.keyDim);
    this.useBias = assertBoolean('AdditiveAttention', 'useBias', config.useBias ?? true);
    this.normalize = assertBoolean('AdditiveAttention', 'normalize', config.normalize ?? false);
    this.contextDim = this.valueDim;
    this.#W1 = this.addParameter(
      'W1',
      [this.units, this.keyDim],
      initializers.pytorch(this.keyDim),
    );
    this.#W2 = this.addParameter(
      'W2',
      [this.units, this.queryDim],
      initializers.pytorch(this.queryDim),
    );
    this.#b = this.useBias
      ? this.addParameter('b', [this.units], initializers.pytorch(this.queryDim))
      : undefined;
    this.#v = this.addParameter('v', [this.units], initializers.pytorch(this.units));
    this.#g = this.normalize
      ? this.addParameter('g', [], initializers.constant(Math.sqrt(1 / this.units)))
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

  getConfig() {
    return {
      type: this.type,
      queryDim: this.queryDim,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      units: this.units,
      useBias: this.useBias,
      normalize: this.normalize,
      dropout: this.dropout,
      seed: this.seed,
    };
  }
}
