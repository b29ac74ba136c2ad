import { assertKnownKeys, HeedError, invalidArgument } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';

/** Options of `WeightAverage` (the trainer's `averaging`). */
export interface WeightAverageOptions {
  /**
   * The largest decay d of the average, in [0, 1). The decay of update t is
   * `min(d, (1 + t) / (10 + t))`, so early on the average follows the weights
   * closely and later it spans about the last tenth of the updates, until
   * that exceeds `1 / (1 − d)` updates. Defaults to `DEFAULT_AVERAGE_DECAY`.
   */
  decay?: number;
}

/** The largest decay of a `WeightAverage` given none. */
export const DEFAULT_AVERAGE_DECAY = 0.999;

const OWNER = 'WeightAverage';

/**
 * An exponential moving average of a model's parameters (Polyak averaging,
 * with the update-count warm-up of TensorFlow's `ExponentialMovingAverage`):
 * after update t, `ā ← ā + (1 − dₜ)·(w − ā)`. Averaged weights generalise
 * better than the last iterate of a noisy optimiser, most of all while the
 * learning rate is still high. The trainer evaluates and saves checkpoints
 * with the averages and keeps training the live weights.
 *
 * Averages are kept by module path (`decoder.attention.W1`), like
 * checkpoints, one variable per parameter.
 */
export class WeightAverage {
  readonly decay: number;
  readonly #parameters: Map<string, tf.Variable>;
  readonly #averages = new Map<string, tf.Variable>();

  /** @param parameters the model's `namedParameters()`; the averages start equal to them. */
  constructor(parameters: Map<string, tf.Variable>, options: WeightAverageOptions = {}) {
    assertKnownKeys(OWNER, options, ['decay']);
    const decay = options.decay ?? DEFAULT_AVERAGE_DECAY;
    if (typeof decay !== 'number' || !(decay >= 0 && decay < 1)) {
      throw invalidArgument(OWNER, 'decay', 'must be a number in [0, 1)', decay);
    }
    this.decay = decay;
    this.#parameters = parameters;
    for (const [path, parameter] of parameters) {
      this.#averages.set(path, tf.variable(parameter, false));
    }
  }

  /** The decay applied after update `step` (1-based). */
  decayAt(step: number): number {
    return Math.min(this.decay, (1 + step) / (10 + step));
  }

  /** Moves every average towards its parameter, after update `step` (1-based). */
  update(step: number): void {
    const rate = 1 - this.decayAt(step);
    tf.tidy(() => {
      for (const [path, average] of this.#averages) {
        const parameter = this.#parameters.get(path) as tf.Variable;
        average.assign(tf.add(average, tf.mul(tf.sub(parameter, average), rate)));
      }
    });
  }

  /** The averages by module path (owned by this object: do not dispose). */
  averages(): Map<string, tf.Tensor> {
    return new Map(this.#averages);
  }

  /** Sets the averages from tensors by module path (a checkpoint's), names and shapes checked. */
  setAverages(tensors: Map<string, tf.Tensor>): void {
    for (const [path, average] of this.#averages) {
      const tensor = tensors.get(path);
      if (!tensor) {
        throw new HeedError(`${OWNER}: no average for parameter '${path}'`);
      }
      if (!tf.util.arraysEqual(tensor.shape, average.shape)) {
        throw new HeedError(
          `${OWNER}: the average of '${path}' has shape [${tensor.shape}], the parameter [${average.shape}]`,
        );
      }
      average.assign(tensor);
    }
  }

  /**
   * Runs `body` with the averages in the model's parameters and puts the live
   * weights back afterwards, also when `body` throws.
   */
  async withAveragesInModel<T>(body: () => Promise<T>): Promise<T> {
    const live = new Map<string, tf.Tensor>();
    for (const [path, parameter] of this.#parameters) {
      live.set(path, tf.clone(parameter));
      parameter.assign(this.#averages.get(path) as tf.Variable);
    }
    try {
      return await body();
    } finally {
      for (const [path, parameter] of this.#parameters) {
        parameter.assign(live.get(path) as tf.Tensor);
      }
      tf.dispose([...live.values()]);
    }
  }

  dispose(): void {
    for (const average of this.#averages.values()) average.dispose();
    this.#averages.clear();
  }
}
