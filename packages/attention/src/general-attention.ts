import {
  type AttendOptions,
  type AttentionMemory,
  assertBoolean,
  initializers,
  torchLinear,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { ScoredAttention, type ScoredAttentionOptions } from './scored-attention';
import { dotScores } from './scores';

/** Options of `GeneralAttention`. */
export interface GeneralAttentionConfig extends ScoredAttentionOptions {
  /** Multiply scores by a learned scalar g, initialised to 1 (TF Addons `LuongAttention(scale=True)`). Defaults to false. */
  scale?: boolean;
}

/**
 * Luong et al. (2015) general score `qᵀ W k`, `W [dq, dk]` (PyTorch layout of
 * a bias-free `nn.Linear(dk, dq)` on the keys), times a learned scalar `g`
 * with `scale`. `W k` is computed once in `prepare`, so a step costs one
 * batched matMul.
 */
export class GeneralAttention extends ScoredAttention {
  readonly type = 'general';
  readonly contextDim: number;
  readonly scale: boolean;
  readonly #W: tf.Variable;
  readonly #g: tf.Variable | undefined;

  constructor(config: GeneralAttentionConfig) {
    super('GeneralAttention', config);
    this.contextDim = this.valueDim;
    this.scale = assertBoolean('GeneralAttention', 'scale', config.scale ?? false);
    this.#W = this.addParameter(
      'W',
      [this.queryDim, this.keyDim],
      initializers.pytorch(this.keyDim),
    );
    this.#g = this.scale ? this.addParameter('g', [], initializers.ones()) : undefined;
  }

  protected override prepareCache(keys: tf.Tensor3D): Record<string, tf.Tensor> {
    return { keyFeatures: torchLinear(keys, this.#W) }; // [b, S, dq]
  }

  protected score(query: tf.Tensor3D, memory: AttentionMemory, _options: AttendOptions): tf.Tensor {
    const scores = dotScores(query, memory.cache.keyFeatures as tf.Tensor3D); // [b, T, S]
    return this.#g ? tf.mul(scores, this.#g) : scores;
  }

  getConfig() {
    return {
      type: this.type,
      queryDim: this.queryDim,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      scale: this.scale,
      dropout: this.dropout,
      seed: this.seed,
    };
  }
}
