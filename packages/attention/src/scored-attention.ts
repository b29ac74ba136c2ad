import {
  type AttendOptions,
  type AttentionMemory,
  type AttentionResult,
  assertInRange,
  Random,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { attendScores } from './attend-scores';
import { AttentionBase, type AttentionDimensions } from './attention-base';

/** Options every scored variant has besides its sizes. */
export interface ScoredAttentionOptions extends AttentionDimensions {
  /** Dropout rate on the weights while training (the returned weights are pre-dropout). Defaults to 0. */
  dropout?: number;
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
export abstract class ScoredAttention extends AttentionBase {
  readonly dropout: number;
  readonly #dropoutRandom: Random;

  constructor(owner: string, config: ScoredAttentionOptions) {
    super(owner, config);
    this.dropout = assertInRange(owner, 'dropout', config.dropout ?? 0, 0, 0.999999);
    this.#dropoutRandom = new Random(this.seed).fork('dropout');
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
