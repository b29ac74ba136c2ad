import * as tf from '@tensorflow/tfjs-core';

/**
 * Keeps each step's attention `[rows, S]` on the device and reads them all
 * back once, after the search, with a single `data()` call.
 */
export class AttentionHistory {
  readonly #steps: tf.Tensor2D[] = [];
  #values: Float32Array = new Float32Array(0);
  #offsets: number[] = [];
  #sourceLength = 0;

  /** Keeps `attention` (`[rows, S]`); the history disposes it. */
  push(attention: tf.Tensor2D): void {
    this.#steps.push(attention);
  }

  /** Reads every kept step back (one device read); call once, after the last `push`. */
  async read(): Promise<void> {
    if (this.#steps.length === 0) return;
    this.#sourceLength = this.#steps[0]?.shape[1] ?? 0;
    let offset = 0;
    this.#offsets = this.#steps.map((tensor) => {
      const start = offset;
      offset += tensor.size;
      return start;
    });
    const flat = tf.tidy(() => tf.concat(this.#steps.map((tensor) => tf.reshape(tensor, [-1]))));
    this.#values = (await flat.data()) as Float32Array;
    flat.dispose();
  }

  /** The attention row `row` of step `step`, after `read`. */
  row(step: number, row: number): number[] {
    const start = (this.#offsets[step] ?? 0) + row * this.#sourceLength;
    return Array.from(this.#values.subarray(start, start + this.#sourceLength));
  }

  dispose(): void {
    for (const tensor of this.#steps) tensor.dispose();
    this.#steps.length = 0;
  }
}
