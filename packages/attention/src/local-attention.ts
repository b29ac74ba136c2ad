import {
  type AttendOptions,
  type Attention,
  type AttentionMemory,
  type AttentionResult,
  assertShape,
  HeedError,
  initializers,
  invalidArgument,
  torchLinear,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import type { additiveOptions } from './additive-attention';
import type { VariantConfig } from './attention-base';
import type { concatOptions } from './concat-attention';
import type { dotOptions } from './dot-attention';
import type { generalOptions } from './general-attention';
import {
  boolean,
  nonEmptyString,
  type OptionSchema,
  type OptionsOf,
  positiveInteger,
} from './options';
import {
  type AttentionWindow,
  ScoredAttention,
  type ScoreParts,
  scoredOptions,
} from './scored-attention';
import type { AttentionDimensions, AttentionVariant, VariantLookup } from './variant';

/** Options of local-m: the window, and which score runs inside it. */
export const localMonotonicOptions = {
  /** Half-width D: positions with |j − p| ≤ D are attended. Defaults to 10 (Luong et al.). */
  window: positiveInteger(10),
  /**
   * The score inside the window: any registered scored type (`'dot'`,
   * `'general'`, `'concat'`, `'additive'`, a user's). Its options are local
   * attention's too. Defaults to `'general'`.
   */
  score: nonEmptyString('general'),
  /** Multiply the weights by exp(−(j−p)²/2σ²), σ = D/2. Defaults to false for local-m. */
  gaussian: boolean(false),
  /**
   * Hidden size of the score's network when it has one (concat, additive)
   * and of local-p's position network. Defaults to `keyDim`.
   */
  units: positiveInteger(({ keyDim }) => keyDim),
  ...scoredOptions,
};

/** Options of local-p: local-m's, with the Gaussian on by default. */
export const localPredictiveOptions = {
  ...localMonotonicOptions,
  /**
   * Multiply the weights by exp(−(j−p)²/2σ²), σ = D/2. Defaults to true for
   * local-p (Luong et al.'s eq. 10; false gives the paper's plain-window ablation).
   */
  gaussian: boolean(true),
};

/** The built-in scores' options, which a local config may carry for its score. */
export type LocalScoreOptions = OptionsOf<typeof additiveOptions> &
  OptionsOf<typeof concatOptions> &
  OptionsOf<typeof dotOptions> &
  OptionsOf<typeof generalOptions>;

/** Options of local-m (`score`'s own options included). */
export type LocalMonotonicOptions = OptionsOf<typeof localMonotonicOptions> & LocalScoreOptions;
/** Options of local-p (`score`'s own options included). */
export type LocalPredictiveOptions = OptionsOf<typeof localPredictiveOptions> & LocalScoreOptions;

/** Options of `LocalAttention`. */
export type LocalAttentionConfig = AttentionDimensions &
  LocalPredictiveOptions &
  VariantConfig<'local-m' | 'local-p'>;

const OWNER = 'LocalAttention';

function isScored(attention: Attention): attention is ScoredAttention {
  return attention instanceof ScoredAttention;
}

/** Local attention's own options plus those of its score (`given.score`, default general). */
function localSchema(
  own: OptionSchema,
  given: Readonly<Record<string, unknown>>,
  lookup: VariantLookup,
): { schema: OptionSchema; scoreVariant: AttentionVariant } {
  const scoreType = own.score!.check(OWNER, 'score', given.score ?? 'general') as string;
  const scoreVariant = lookup(scoreType);
  if (!scoreVariant || scoreType === 'local-m' || scoreType === 'local-p') {
    throw invalidArgument(OWNER, 'score', 'must name a registered scored attention', scoreType);
  }
  const scoreSchema = scoreVariant.optionsFor?.(given, lookup) ?? scoreVariant.options;
  return { schema: { ...scoreSchema, ...own }, scoreVariant };
}

/**
 * Luong et al. (2015) local attention around any scored variant: the score
 * (`score`, default `general`) is computed by that variant — its parameters,
 * key-side cache, context and output steps — and local attention adds the
 * window. The window centre p is the decoder position t (local-m, from
 * `options.positions`, default `0..T-1`) or `S_i · sigmoid(v_pᵀ tanh(W_p q))`
 * with S_i the row's true source length (local-p). Positions are 0-based;
 * positions with |j − p| > D and padding are masked; the softmax over the
 * window is then multiplied by exp(−(j−p)²/2σ²), σ = D/2 (with `gaussian`:
 * by default for local-p, not for local-m), and not renormalised.
 *
 * Parameters: the score's, under their own names (`W` for general; `W`, `b`,
 * `v` for concat; `W1`, `W2`, `b`, `v` for additive; none for dot) and, for
 * local-p, `Wp [u, dq]` and `vp [u]`.
 */
export class LocalAttention extends ScoredAttention {
  readonly contextDim: number;
  /** Whether the centre is predicted from the query (local-p). */
  readonly predictive: boolean;
  /** The variant computing the score inside the window. */
  readonly scoreAttention: ScoredAttention;
  readonly #score: ScoreParts;
  readonly #window: number;
  readonly #gaussian: boolean;
  readonly #Wp: tf.Variable | undefined;
  readonly #vp: tf.Variable | undefined;

  /** @param lookup finds the score's variant (the registry's `attentionVariant`). */
  constructor(config: LocalAttentionConfig, lookup: VariantLookup) {
    const type = config.type === 'local-p' ? 'local-p' : 'local-m';
    const own = type === 'local-p' ? localPredictiveOptions : localMonotonicOptions;
    const { type: _type, queryDim: _q, keyDim: _k, valueDim: _v, seed: _seed, ...given } = config;
    const { schema, scoreVariant } = localSchema(own, given, lookup);
    super(OWNER, type, schema as typeof own, config);
    this.predictive = type === 'local-p';
    const options = this.options as Record<string, unknown>;
    this.#window = options.window as number;
    this.#gaussian = options.gaussian as boolean;
    const scoreOptions = Object.fromEntries(
      Object.keys(scoreVariant.optionsFor?.(given, lookup) ?? scoreVariant.options)
        .filter((name) => name !== 'dropout')
        .map((name) => [name, options[name]]),
    );
    const inner = scoreVariant.create(
      {
        ...scoreOptions,
        type: scoreVariant.type,
        queryDim: this.queryDim,
        keyDim: this.keyDim,
        valueDim: this.valueDim,
        seed: this.seed,
      },
      lookup,
    );
    if (!isScored(inner)) {
      inner.dispose();
      throw invalidArgument(OWNER, 'score', 'must name a scored attention', scoreVariant.type);
    }
    this.scoreAttention = inner;
    this.#score = ScoredAttention.partsOf(inner);
    this.contextDim = inner.contextDim;
    const units = options.units as number;
    this.#Wp = this.predictive
      ? this.addParameter('Wp', [units, this.queryDim], initializers.pytorch(this.queryDim))
      : undefined;
    this.#vp = this.predictive
      ? this.addParameter('vp', [units], initializers.pytorch(units))
      : undefined;
    for (const name of inner.namedParameters().keys()) {
      if (super.namedParameters().has(name)) {
        throw new HeedError(
          `${OWNER}: the ${scoreVariant.type} score's parameter '${name}' clashes with local-p's own`,
        );
      }
    }
  }

  /** The score's parameters (under their own names), then `Wp` and `vp`. */
  override namedParameters(prefix = ''): Map<string, tf.Variable> {
    return new Map([
      ...this.scoreAttention.namedParameters(prefix),
      ...super.namedParameters(prefix),
    ]);
  }

  override get trainable(): boolean {
    return super.trainable;
  }

  override set trainable(value: boolean) {
    super.trainable = value;
    this.scoreAttention.trainable = value;
  }

  override dispose(): void {
    this.scoreAttention.dispose();
    super.dispose();
  }

  protected override prepareCache(
    keys: tf.Tensor3D,
    values: tf.Tensor3D,
    mask: tf.Tensor2D | undefined,
    lengths: tf.Tensor1D | undefined,
  ): Record<string, tf.Tensor> {
    return this.#score.prepareCache(keys, values, mask, lengths);
  }

  protected score(query: tf.Tensor3D, memory: AttentionMemory, options: AttendOptions): tf.Tensor {
    return this.#score.score(query, memory, options);
  }

  protected override contextValues(memory: AttentionMemory): tf.Tensor {
    return this.#score.contextValues(memory);
  }

  protected override finish(
    context: tf.Tensor,
    weights: tf.Tensor,
    mask: tf.Tensor | undefined,
  ): AttentionResult {
    return this.#score.finish(context, weights, mask);
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
    const mask = tf.cast(tf.greaterEqual(this.#window, tf.abs(distance)), 'float32');
    if (!this.#gaussian) return { mask };
    const sigma = this.#window / 2;
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
    const gate = tf.sigmoid(torchLinear(hidden, tf.expandDims(this.#vp!, 0) as tf.Tensor2D)); // [b, T, 1]
    const sourceLengths = memory.lengths
      ? tf.reshape(tf.cast(memory.lengths, 'float32'), [b, 1])
      : tf.scalar(S); // [b, 1]
    return tf.mul(tf.reshape(gate, [b, T]), sourceLengths) as tf.Tensor2D;
  }
}

/** `local-m` in the registry. */
export const localMonotonic: AttentionVariant<'local-m', LocalMonotonicOptions, LocalAttention> = {
  type: 'local-m',
  options: localMonotonicOptions,
  optionsFor: (given, lookup) => localSchema(localMonotonicOptions, given, lookup).schema,
  create: (config, lookup) => new LocalAttention(config, lookup),
};

/** `local-p` in the registry. */
export const localPredictive: AttentionVariant<'local-p', LocalPredictiveOptions, LocalAttention> =
  {
    type: 'local-p',
    options: localPredictiveOptions,
    optionsFor: (given, lookup) => localSchema(localPredictiveOptions, given, lookup).schema,
    create: (config, lookup) => new LocalAttention(config, lookup),
  };
