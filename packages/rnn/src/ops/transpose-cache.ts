import * as tf from '@tensorflow/tfjs-core';

/**
 * Transposed copies of weights for inference steps, made on first use and
 * remade only when a weight's data changes (an optimiser step or a loaded
 * checkpoint assigns new data to a variable). A decoding step then
 * multiplies by `[in, out]` tensors that live across steps, which the wasm
 * backend's GEMM packs once and reuses, instead of transposing PyTorch-layout
 * `[out, in]` weights at every step. Holds one tensor per key until `dispose`.
 * Not for training: the copies are outside the gradient tape.
 */
export class TransposeCache {
  readonly #entries = new Map<string, { source: object; transposed: tf.Tensor2D }>();

  /**
   * `transpose(select(weight))` `[in, out]`, cached under `key` while
   * `weight` keeps its data.
   * @param weight the variable the copy depends on, `[out, in]` unless `select` picks a part.
   */
  get(
    key: string,
    weight: tf.Tensor2D,
    select: (weight: tf.Tensor2D) => tf.Tensor2D = (whole) => whole,
  ): tf.Tensor2D {
    const entry = this.#entries.get(key);
    if (entry && entry.source === weight.dataId) return entry.transposed;
    entry?.transposed.dispose();
    const transposed = tf.keep(tf.tidy(() => tf.transpose(select(weight)) as tf.Tensor2D));
    this.#entries.set(key, { source: weight.dataId, transposed });
    return transposed;
  }

  dispose(): void {
    for (const entry of this.#entries.values()) entry.transposed.dispose();
    this.#entries.clear();
  }
}
