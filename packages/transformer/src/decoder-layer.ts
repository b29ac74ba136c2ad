import { createAttention } from '@heed/attention';
import {
  type Attention,
  type AttentionMemory,
  type AttentionResult,
  appendMemory,
  LayerNorm,
  Module,
  tidyTree,
} from '@heed/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { ResolvedTransformerConfig } from './config';
import type { Dropout } from './dropout';
import { FeedForward } from './feed-forward';
import { residual } from './residual-block';

/** What a decoder layer returns: its output, and the cross-attention of this pass. */
export interface DecoderLayerOutput {
  /** `[b, T, d]`. */
  output: tf.Tensor3D;
  /** Cross-attention weights `[b, T, S]`. */
  crossWeights: tf.Tensor3D;
  /** The self-attention memory after this pass (the cache for the next step). */
  selfMemory: AttentionMemory;
}

/**
 * Causal self-attention, cross-attention over the encoder output (any
 * registered attention type), and a feed-forward — each a residual sub-layer.
 */
export class DecoderLayer extends Module {
  readonly selfAttention: Attention;
  readonly crossAttention: Attention;
  readonly #feedForward: FeedForward;
  readonly #selfNorm: LayerNorm;
  readonly #crossNorm: LayerNorm;
  readonly #feedForwardNorm: LayerNorm;

  constructor(
    private readonly config: ResolvedTransformerConfig,
    seed: number,
  ) {
    super(seed);
    const d = config.modelDim;
    this.selfAttention = this.addModule(
      'self_attention',
      createAttention({
        type: 'multihead',
        queryDim: d,
        keyDim: d,
        units: d,
        heads: config.heads,
        dropout: config.dropout,
        seed: this.childSeed('self_attention'),
      }) as Attention & Module,
    );
    this.crossAttention = this.addModule(
      'cross_attention',
      createAttention({
        ...config.crossAttention,
        queryDim: d,
        keyDim: d,
        valueDim: d,
        seed: this.childSeed('cross_attention'),
      }) as Attention & Module,
    );
    if (this.crossAttention.contextDim !== d) {
      throw new RangeError(
        `Transformer: cross-attention '${this.crossAttention.type}' returns ${this.crossAttention.contextDim}-wide context; it must be modelDim=${d}`,
      );
    }
    this.#feedForward = this.addModule(
      'feed_forward',
      new FeedForward(d, config.feedForwardDim, config.activation, this.childSeed('feed_forward')),
    );
    this.#selfNorm = this.addModule('self_norm', new LayerNorm({ dim: d }));
    this.#crossNorm = this.addModule('cross_norm', new LayerNorm({ dim: d }));
    this.#feedForwardNorm = this.addModule('feed_forward_norm', new LayerNorm({ dim: d }));
  }

  /**
   * @param y `[b, T, d]`: the new target positions (T = 1 when stepping).
   * @param crossMemory prepared encoder output.
   * @param pastSelfMemory the cache of earlier positions, when stepping.
   */
  apply(
    y: tf.Tensor3D,
    crossMemory: AttentionMemory,
    dropout: Dropout,
    pastSelfMemory?: AttentionMemory,
  ): DecoderLayerOutput {
    const { norm } = this.config;
    return tidyTree(() => {
      let selfMemory: AttentionMemory | undefined;
      const attended = residual(y, this.#selfNorm, norm, dropout, (input) => {
        const fresh = this.selfAttention.prepare(input, input);
        selfMemory = pastSelfMemory ? appendMemory(pastSelfMemory, fresh) : fresh;
        return this.selfAttention.attend(input, selfMemory as AttentionMemory, {
          causal: true,
          ...dropout.attendOptions(),
        }).context;
      });
      let cross: AttentionResult | undefined;
      const crossed = residual(attended, this.#crossNorm, norm, dropout, (input) => {
        cross = this.crossAttention.attend(input, crossMemory, dropout.attendOptions());
        return cross.context;
      });
      const output = residual(crossed, this.#feedForwardNorm, norm, dropout, (input) =>
        this.#feedForward.apply(input, dropout),
      );
      return {
        output,
        crossWeights: (cross as AttentionResult).weights,
        selfMemory: selfMemory as AttentionMemory,
      };
    });
  }

  getConfig() {
    return { seed: this.seed };
  }
}
