import { type AttendOptions, type AttentionMemory, initializers, torchLinear } from '@heed/core';
import type * as tf from '@tensorflow/tfjs-core';
import { ScoredAttention, type ScoredAttentionOptions } from './scored-attention';
import { dotScores } from './scores';

/** Options of `GeneralAttention`. */
export type GeneralAttentionConfig = ScoredAttentionOptions;

/**
 * Luong et al. (2015) general score `qᵀ W k`, `W [dq, dk]` (PyTorch layout of
 * a bias-free `nn.Linear(dk, dq)` on the keys). `W k` is computed once in
 * `prepare`, so a step costs one batched matMul.
 */
export class GeneralAttention extends ScoredAttention {
  readonly type = 'general';
  readonly contextDim: number;
  readonly #W: tf.Variable;

  constructor(config: GeneralAttentionConfig) {
    super('GeneralAttention', config);
    this.contextDim = this.valueDim;
    this.#W = this.addParameter(
      'W',
      [this.queryDim, this.keyDim],
      initializers.pytorch(this.keyDim),
    );
  }

  protected override prepareCache(keys: tf.Tensor3D): Record<string, tf.Tensor> {
    return { keyFeatures: torchLinear(keys, this.#W) }; // [b, S, dq]
  }

  protected score(query: tf.Tensor3D, memory: AttentionMemory, _options: AttendOptions): tf.Tensor {
    return dotScores(query, memory.cache.keyFeatures as tf.Tensor3D); // [b, T, S]
  }

  getConfig() {
    return {
      type: this.type,
      queryDim: this.queryDim,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      dropout: this.dropout,
      seed: this.seed,
    };
  }
}
