import * as tf from '@tensorflow/tfjs-core';
import { initializers } from '../initializers';
import { embeddingLookup } from '../kernels/embedding-lookup/embedding-lookup';
import { Module } from '../module';
import { assertKnownKeys, assertNonNegativeInteger, assertPositiveInteger } from '../validation';

/** Configuration of an `Embedding`. */
export interface EmbeddingConfig {
  vocabSize: number;
  dim: number;
  /**
   * Id whose vector is all zeros and never receives gradient (PyTorch
   * `padding_idx`). Defaults to 0 (PAD); `null` disables it.
   */
  paddingId?: number | null;
  /** Std of the N(0, std²) initialisation. Defaults to 1 (PyTorch `nn.Embedding`). */
  initStd?: number;
  /** Defaults to 0. */
  seed?: number;
}

const KNOWN = ['vocabSize', 'dim', 'paddingId', 'initStd', 'seed'] as const;

/** A lookup table `table [vocabSize, dim]`: ids `[...]` → vectors `[..., dim]`. */
export class Embedding extends Module {
  readonly table: tf.Variable;
  readonly vocabSize: number;
  readonly dim: number;
  readonly paddingId: number | null;

  constructor(private readonly config: EmbeddingConfig) {
    super(config.seed ?? 0);
    assertKnownKeys('Embedding', config, KNOWN);
    this.vocabSize = assertPositiveInteger('Embedding', 'vocabSize', config.vocabSize);
    this.dim = assertPositiveInteger('Embedding', 'dim', config.dim);
    const paddingId = config.paddingId === undefined ? 0 : config.paddingId;
    this.paddingId =
      paddingId === null ? null : assertNonNegativeInteger('Embedding', 'paddingId', paddingId);
    const normal = initializers.normal(config.initStd ?? 1);
    const pad = this.paddingId;
    this.table = this.addParameter('table', [this.vocabSize, this.dim], (shape, random) =>
      tf.tidy(() => {
        const values = normal(shape, random); // [V, dim]
        if (pad === null) return values;
        const rowMask = tf.reshape(tf.oneHot(tf.tensor1d([pad], 'int32'), this.vocabSize), [
          this.vocabSize,
          1,
        ]); // [V, 1], 1 on the padding row
        return tf.mul(values, tf.sub(1, rowMask));
      }),
    );
  }

  /**
   * @param ids int32 `[...]`.
   * @returns `[..., dim]`; padding positions are zero vectors, and the padding
   *   row gets no gradient.
   */
  apply(ids: tf.Tensor): tf.Tensor {
    return embeddingLookup(this.table as tf.Tensor2D, ids, this.paddingId);
  }

  getConfig(): EmbeddingConfig {
    return { ...this.config };
  }

  static fromConfig(config: EmbeddingConfig): Embedding {
    return new Embedding(config);
  }
}
