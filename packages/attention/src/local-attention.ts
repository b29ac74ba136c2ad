import {
  type AttendOptions,
  type AttentionMemory,
  assertBoolean,
  assertOneOf,
  assertPositiveInteger,
  assertShape,
  initializers,
  invalidArgument,
  torchLinear,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import {
  type AttentionWindow,
  ScoredAttention,
  type ScoredAttentionOptions,
} from './scored-attention';
import { concatKeyFeatures, concatQueryFeatures, dotScores, mlpScores } from './scores';

/** Score functions local attention can use. */
export type LocalScore = 'dot' | 'general' | 'concat';

/** Options of `LocalAttention`. */
export interface LocalAttentionConfig extends ScoredAttentionOptions {
  /**
   * `'monotonic'` (local-m: the window is centred on the decoder position) or
   * `'predictive'` (local-p: the centre is predicted from the query). Defaults to `'monotonic'`.
   */
  alignment?: 'monotonic' | 'predictive';
  /** Half-width D: positions with |j − p| ≤ D are attended. Defaults to 10. */
  window?: number;
  /** Score function. Defaults to `'general'`. */
  score?: LocalScore;
  /**
   * Multiply the weights by exp(−(j−p)²/2σ²), σ = D/2. Defaults to true for
   * local-p (Luong et al.'s eq. 10; false gives the paper's plain-window
   * ablation) and false for local-m.
   */
  gaussian?: boolean;
  /** Hidden size of the concat score and of local-p's position network. Defaults to `keyDim`. */
  units?: number;
  /** Bias of the concat score. Defaults to true. */
  useBias?: boolean;
}

/**
 * Luong et al. (2015) local attention. The window centre p is the decoder
 * position t (local-m, from `options.positions`, default `0..T-1`) or
 * `S_i · sigmoid(v_pᵀ tanh(W_p q))` with S_i the row's true source length
 * (local-p). Positions are 0-based; positions with |j − p| > D and padding are
 * masked; the softmax over the window is then multiplied by
 * exp(−(j−p)²/2σ²), σ = D/2 (with `gaussian`: by default for local-p, not
 * for local-m), and not renormalised.
 *
 * Parameters: the score's (`W [dq, dk]` for general; `W [u, dq+dk]`, `b`, `v`
 * for concat; none for dot) and, for local-p, `Wp [u, dq]` and `vp [u]`.
 */
export class LocalAttention extends ScoredAttention {
  readonly type: 'local-m' | 'local-p';
  readonly contextDim: number;
  readonly predictive: boolean;
  readonly windowSize: number;
  readonly scoreFunction: LocalScore;
  readonly gaussian: boolean;
  readonly units: number;
  readonly useBias: boolean;
  readonly #W: tf.Variable | undefined;
  readonly #b: tf.Variable | undefined;
  readonly #v: tf.Variable | undefined;
  readonly #Wp: tf.Variable | undefined;
  readonly #vp: tf.Variable | undefined;

  constructor(config: LocalAttentionConfig) {
    super('LocalAttention', config);
    const owner = 'LocalAttention';
    const alignment = assertOneOf(owner, 'alignment', config.alignment ?? 'monotonic', [
      'monotonic',
      'predictive',
    ]);
    this.predictive = alignment === 'predictive';
    this.type = this.predictive ? 'local-p' : 'local-m';
    this.windowSize = assertPositiveInteger(owner, 'window', config.window ?? 10);
    this.scoreFunction = assertOneOf(owner, 'score', config.score ?? 'general', [
      'dot',
      'general',
      'concat',
    ]);
    this.gaussian = assertBoolean(owner, 'gaussian', config.gaussian ?? this.predictive);
    this.units = assertPositiveInteger(owner, 'units', config.units ?? this.keyDim);
    this.useBias = assertBoolean(owner, 'useBias', config.useBias ?? true);
    this.contextDim = this.valueDim;
    if (this.scoreFunction === 'dot' && this.queryDim !== this.keyDim) {
      throw invalidArgument(
        owner,
        'queryDim',
        `must equal keyDim (${this.keyDim}) for the dot score`,
        this.queryDim,
      );
    }
    const concatFanIn = this.queryDim + this.keyDim;
    this.#W =
      this.scoreFunction === 'general'
        ? this.addParameter('W', [this.queryDim, this.keyDim], initializers.pytorch(this.keyDim))
        : this.scoreFunction === 'concat'
          ? this.addParameter('W', [this.units, concatFanIn], initializers.pytorch(concatFanIn))
          : undefined;
    this.#b =
      this.scoreFunction === 'concat' && this.useBias
        ? this.addParameter('b', [this.units], initializers.pytorch(concatFanIn))
        : undefined;
    this.#v =
      this.scoreFunction === 'concat'
        ? this.addParameter('v', [this.units], initializers.pytorch(this.units))
        : undefined;
    this.#Wp = this.predictive
      ? this.addParameter('Wp', [this.units, this.queryDim], initializers.pytorch(this.queryDim))
      : undefined;
    this.#vp = this.predictive
      ? this.addParameter('vp', [this.units], initializers.pytorch(this.units))
      : undefined;
  }

  protected override prepareCache(keys: tf.Tensor3D): Record<string, tf.Tensor> {
    if (this.scoreFunction === 'general') return { keyFeatures: torchLinear(keys, this.#W!) }; // [b, S, dq]
    if (this.scoreFunction === 'concat') {
      const features = concatKeyFeatures(
        keys,
        this.#W as tf.Tensor2D,
        this.queryDim,
        this.#b as tf.Tensor1D | undefined,
      ); // [b, S, u]
      return { keyFeatures: features };
    }
    return {};
  }

  protected score(query: tf.Tensor3D, memory: AttentionMemory, _options: AttendOptions): tf.Tensor {
    if (this.scoreFunction === 'dot') return dotScores(query, memory.keys);
    const keyFeatures = memory.cache.keyFeatures as tf.Tensor3D;
    if (this.scoreFunction === 'general') return dotScores(query, keyFeatures);
    const queryFeatures = concatQueryFeatures(query, this.#W as tf.Tensor2D); // [b, T, u]
    return mlpScores(queryFeatures, keyFeatures, this.#v as tf.Tensor1D);
  }

  protected override window(
    query: tf.Tensor3D,
    memory: AttentionMemory,
    options: AttendOptions,
  ): AttentionWindow {
    const S = memory.keys.shape[1];
    const centres = this.predictive
      ? this.#predictedCentres(query, memory)
      : this.#monotonicCentres(query, options); // [b or 1, T]
    const sourcePositions = tf.reshape(tf.range(0, S, 1, 'float32'), [1, 1, S]); // [1, 1, S]
    const distance = tf.sub(sourcePositions, tf.expandDims(centres, 2)); // [b or 1, T, S]
    // greaterEqual has a (zero) gradient, so the mask does not block backprop to p.
    const mask = tf.cast(tf.greaterEqual(this.windowSize, tf.abs(distance)), 'float32');
    if (!this.gaussian) return { mask };
    const sigma = this.windowSize / 2;
    const scale = tf.exp(tf.mul(tf.square(distance), -1 / (2 * sigma * sigma))); // [b or 1, T, S]
    return { mask, scale };
  }

  /** local-m: p = t, from `options.positions` or `0..T-1`. @returns `[b, T]` or `[1, T]`. */
  #monotonicCentres(query: tf.Tensor3D, options: AttendOptions): tf.Tensor2D {
    const [b, T] = query.shape;
    if (!options.positions) return tf.reshape(tf.range(0, T, 1, 'float32'), [1, T]);
    assertShape('LocalAttention.attend', 'positions', options.positions.shape, [b, T]);
    return tf.cast(options.positions, 'float32') as tf.Tensor2D;
  }

  /** local-p: p = S_i · sigmoid(v_pᵀ tanh(W_p q)). @returns `[b, T]`. */
  #predictedCentres(query: tf.Tensor3D, memory: AttentionMemory): tf.Tensor2D {
    const [b, T] = query.shape;
    const S = memory.keys.shape[1];
    const hidden = tf.tanh(torchLinear(query, this.#Wp!)); // [b, T, u]
    const gate = tf.sigmoid(torchLinear(hidden, tf.reshape(this.#vp!, [1, this.units]))); // [b, T, 1]
    const sourceLengths = memory.lengths
      ? tf.reshape(tf.cast(memory.lengths, 'float32'), [b, 1])
      : tf.scalar(S); // [b, 1]
    return tf.mul(tf.reshape(gate, [b, T]), sourceLengths) as tf.Tensor2D;
  }

  getConfig() {
    const usesUnits = this.scoreFunction === 'concat' || this.predictive;
    return {
      type: this.type,
      queryDim: this.queryDim,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      window: this.windowSize,
      score: this.scoreFunction,
      gaussian: this.gaussian,
      ...(usesUnits ? { units: this.units } : {}),
      ...(this.scoreFunction === 'concat' ? { useBias: this.useBias } : {}),
      dropout: this.dropout,
      seed: this.seed,
    };
  }
}
