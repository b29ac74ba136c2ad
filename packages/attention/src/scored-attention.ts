import { type AttendOptions, type AttentionMemory, type AttentionResult, Random } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { attendScores } from './attend-scores';
import { AttentionBase, type VariantConfig } from './attention-base';
import { numberInRange, type OptionSchema, type OptionSpec } from './options';

/** The options every scored variant has: spread them into a variant's schema. */
export const scoredOptions = {
  /** Dropout rate on the weights while training (the returned weights are pre-dropout). Defaults to 0. */
  dropout: numberInRange(0, 0.999999, 0),
};

/** A schema with the scored variants' shared options. */
export type ScoredSchema = OptionSchema & { dropout: OptionSpec<number> };

/** The parts of a scored variant that a wrapper (local attention) reuses. */
export interface ScoreParts {
  prepareCache(
    keys: tf.Tensor3D,
    values: tf.Tensor3D,
    mask: tf.Tensor2D | undefined,
    lengths: tf.Tensor1D | undefined,
  ): Record<string, tf.Tensor>;
  score(query: tf.Tensor3D, memory: AttentionMemory, options: AttendOptions): tf.Tensor;
  contextValues(memory: AttentionMemory): tf.Tensor;
  finish(context: tf.Tensor, weights: tf.Tensor, mask: tf.Tensor | undefined): AttentionResult;
}

/** A variant's restriction of the source positions, e.g. local attention's window. */
export interface AttentionWindow {
  /** `[b, T, S]` 1/0: positions the query may attend to. */
  mask?: tf.Tensor;
  /** `[b, T, S]`: factor the softmax weights are multiplied by afterwards (not renormalised). */
  scale?: tf.Tensor;
}

/**
 * The shared body of every scored variant: scores → masks (padding, causal,
 * window) → masked softmax → optional window scale → dropout → context.
 * A variant supplies only `score` (and optionally `window`, `contextValues`
 * and `finish`).
 */
export abstract class ScoredAttention<
  Schema extends ScoredSchema = ScoredSchema,
> extends AttentionBase<Schema> {
  readonly dropout: number;
  readonly #dropoutRandom: Random;

  constructor(owner: string, type: string, schema: Schema, config: VariantConfig) {
    super(owner, type, schema, config);
    this.dropout = this.options.dropout as number;
    this.#dropoutRandom = new Random(this.seed).fork('dropout');
  }

  /** `attention`'s score and its key-side, context and output steps, for a wrapper to call. */
  protected static partsOf(attention: ScoredAttention): ScoreParts {
    return {
      prepareCache: (keys, values, mask, lengths) =>
        attention.prepareCache(keys, values, mask, lengths),
      score: (query, memory, options) => attention.score(query, memory, options),
      contextValues: (memory) => attention.contextValues(memory),
      finish: (context, weights, mask) => attention.finish(context, weights, mask),
    };
  }

  /**
   * Unnormalised scores.
   * @param query `[b, T, dq]`.
   * @returns `[b, T, S]`, or `[b, h, T, S]` for several heads.
   */
  protected abstract score(
    query: tf.Tensor3D,
    memory: AttentionMemory,
    options: AttendOptions,
  ): tf.Tensor;

  /** The positions each query may see beyond padding and causality. Defaults to all. */
  protected window(
    _query: tf.Tensor3D,
    _memory: AttentionMemory,
    _options: AttendOptions,
  ): AttentionWindow {
    return {};
  }

  /** What the weights average: `[b, S, dv]` (or `[b, h, S, dv/h]`). Defaults to the values. */
  protected contextValues(memory: AttentionMemory): tf.Tensor {
    return memory.values;
  }

  /**
   * Turns the weighted values into the result. Defaults to returning them as is.
   * @param context `[b, T, dv]` (or `[b, h, T, dv/h]`).
   * @param weights `[b, T, S]` (or `[b, h, T, S]`).
   * @param mask the combined mask, broadcastable to `weights`, when any.
   */
  protected finish(
    context: tf.Tensor,
    weights: tf.Tensor,
    _mask: tf.Tensor | undefined,
  ): AttentionResult {
    return { context: context as tf.Tensor3D, weights: weights as tf.Tensor3D };
  }

  /**
   * The unnormalised scores, before any mask (for inspection and tests).
   * @param query `[b, T, dq]`.
   * @returns `[b, T, S]` (or `[b, h, T, S]`).
   */
  scores(query: tf.Tensor3D, memory: AttentionMemory, options: AttendOptions = {}): tf.Tensor {
    this.checkQuery(query, memory);
    return tf.tidy(() => this.score(query, memory, options));
  }

  attend(
    query: tf.Tensor3D,
    memory: AttentionMemory,
    options: AttendOptions = {},
  ): AttentionResult {
    this.checkQuery(query, memory);
    const dropoutSeed =
      options.training && this.dropout > 0
        ? (options.seed ?? this.#dropoutRandom.nextUint32())
        : undefined;
    return tf.tidy(() => {
      const scores = this.score(query, memory, options); // [b, T, S] or [b, h, T, S]
      const window = this.window(query, memory, options);
      const { weights, context, mask } = attendScores(scores, this.contextValues(memory), {
        ...(memory.mask ? { mask: memory.mask } : {}),
        ...(options.causal ? { causal: true } : {}),
        ...(window.mask ? { windowMask: window.mask } : {}),
        ...(window.scale ? { windowScale: window.scale } : {}),
        ...(dropoutSeed === undefined
          ? {}
          : { dropout: { rate: this.dropout, seed: dropoutSeed } }),
      });
      return this.finish(context, weights, mask) as unknown as tf.TensorContainer;
    }) as unknown as AttentionResult;
  }
}
