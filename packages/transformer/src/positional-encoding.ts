import { initializers, Module } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * The sinusoidal table of Vaswani et al. (2017):
 * `PE[p, 2i] = sin(p / 10000^(2i/d))`, `PE[p, 2i+1] = cos(p / 10000^(2i/d))`.
 * @returns `[maxLength, dim]`.
 */
export function sinusoidalTable(maxLength: number, dim: number): tf.Tensor2D {
  const values = new Float32Array(maxLength * dim);
  for (let position = 0; position < maxLength; position++) {
    for (let i = 0; i < dim; i += 2) {
      const angle = position / 10000 ** (i / dim);
      values[position * dim + i] = Math.sin(angle);
      if (i + 1 < dim) values[position * dim + i + 1] = Math.cos(angle);
    }
  }
  return tf.tensor2d(values, [maxLength, dim]);
}

/** Adds position vectors (fixed sinusoids or a learned table) to a sequence of embeddings. */
export class PositionalEncoding extends Module {
  readonly #table: tf.Tensor2D;

  constructor(
    readonly kind: 'sinusoidal' | 'learned',
    readonly maxLength: number,
    readonly dim: number,
    seed = 0,
  ) {
    super(seed);
    this.#table =
      kind === 'learned'
        ? (this.addParameter('table', [maxLength, dim], initializers.normal(0.02)) as tf.Tensor2D)
        : sinusoidalTable(maxLength, dim);
  }

  /**
   * @param x `[b, T, d]` embeddings of positions `offset … offset+T-1`.
   * @returns `[b, T, d]`.
   */
  apply(x: tf.Tensor3D, offset = 0): tf.Tensor3D {
    const length = x.shape[1];
    if (offset + length > this.maxLength) {
      throw new RangeError(
        `PositionalEncoding: position ${offset + length - 1} is beyond maxLength=${this.maxLength}; raise maxLength`,
      );
    }
    return tf.tidy(() => tf.add(x, tf.slice(this.#table, [offset, 0], [length, this.dim])));
  }

  getConfig() {
    return { kind: this.kind, maxLength: this.maxLength, dim: this.dim, seed: this.seed };
  }

  override dispose(): void {
    if (this.kind === 'sinusoidal') this.#table.dispose();
    super.dispose();
  }
}
