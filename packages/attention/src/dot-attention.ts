import {
  type AttendOptions,
  type AttentionMemory,
  assertBoolean,
  initializers,
  invalidArgument,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { ScoredAttention, type ScoredAttentionOptions } from './scored-attention';
import { dotScores } from './scores';

/** Options of `DotAttention`. */
export interface DotAttentionConfig extends ScoredAttentionOptions {
  /** Divide scores by √dk (Vaswani et al. 2017). Defaults to false. */
  scaled?: boolean;
  /** Multiply scores by a learned scalar g, initialised to 1 (TF Addons `scale=True`). Defaults to false. */
  scale?: boolean;
}

/**
 * Luong et al. (2015) dot score `qᵀk`, or with `scaled` the scaled dot
 * product `qᵀk/√dk`. Needs `queryDim === keyDim`. No key-side work to hoist.
 */
export class DotAttention extends ScoredAttention {
  readonly type: 'dot' | 'scaled-dot';
  readonly contextDim: number;
  readonly scaled: boolean;
  readonly scale: boolean;
  readonly #g: tf.Variable | undefined;

  constructor(config: DotAttentionConfig) {
    super('DotAttention', config);
    this.scaled = assertBoolean('DotAttention', 'scaled', config.scaled ?? false);
    this.scale = assertBoolean('DotAttention', 'scale', config.scale ?? false);
    if (this.queryDim !== this.keyDim) {
      throw invalidArgument(
        'DotAttention',
        'queryDim',
        `must equal keyDim (${this.keyDim}) for a dot-product score`,
        this.queryDim,
      );
    }
    this.type = this.scaled ? 'scaled-dot' : 'dot';
    this.contextDim = this.valueDim;
    this.#g = this.scale ? this.addParameter('g', [], initializers.ones()) : undefined;
  }

  protected score(query: tf.Tensor3D, memory: AttentionMemory, _options: AttendOptions): tf.Tensor {
    const factor = this.scaled ? 1 / Math.sqrt(this.keyDim) : 1;
    const queries = factor === 1 ? query : tf.mul(query, factor); // [b, T, dk]
    const scores = dotScores(queries, memory.keys); // [b, T, S]
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
