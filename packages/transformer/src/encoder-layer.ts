import { createAttention } from '@heed/attention';
import { type Attention, LayerNorm, Module } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedTransformerConfig } from './config';
import type { Dropout } from './dropout';
import { FeedForward } from './feed-forward';
import { residual } from './residual-block';

/** Self-attention over the source (padding masked) and a feed-forward, each residual. */
export class EncoderLayer extends Module {
  readonly #selfAttention: Attention;
  readonly #feedForward: FeedForward;
  readonly #attentionNorm: LayerNorm;
  readonly #feedForwardNorm: LayerNorm;

  constructor(
    private readonly config: ResolvedTransformerConfig,
    seed: number,
  ) {
    super(seed);
    const d = config.modelDim;
    this.#selfAttention = this.addModule(
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
    this.#feedForward = this.addModule(
      'feed_forward',
      new FeedForward(d, config.feedForwardDim, config.activation, this.childSeed('feed_forward')),
    );
    this.#attentionNorm = this.addModule('attention_norm', new LayerNorm({ dim: d }));
    this.#feedForwardNorm = this.addModule('feed_forward_norm', new LayerNorm({ dim: d }));
  }

  /**
   * @param x `[b, S, d]`.
   * @param mask `[b, S]` source padding mask.
   * @returns `[b, S, d]`.
   */
  apply(x: tf.Tensor3D, mask: tf.Tensor2D, dropout: Dropout): tf.Tensor3D {
    const { norm } = this.config;
    return tf.tidy(() => {
      const attended = residual(x, this.#attentionNorm, norm, dropout, (input) => {
        const memory = this.#selfAttention.prepare(input, input, mask);
        return this.#selfAttention.attend(input, memory, dropout.attendOptions()).context;
      });
      return residual(attended, this.#feedForwardNorm, norm, dropout, (input) =>
        this.#feedForward.apply(input, dropout),
      );
    });
  }

  getConfig() {
    return { seed: this.seed };
  }
}
