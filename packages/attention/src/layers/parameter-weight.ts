import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * A `tf.layers` weight that is a heed module's parameter itself (the same
 * `tf.Variable`, not a copy): `read()` returns it, so `model.fit` trains the
 * module's parameter, `setWeights`/`loadLayersModel` write into it, and the
 * module disposes it.
 */
export class ParameterWeight extends tfl.LayerVariable {
  readonly #parameter: tf.Variable;

  /** @param name the parameter's module path, e.g. `W1` or `out_proj.weight`. */
  constructor(parameter: tf.Variable, name: string) {
    super(parameter, parameter.dtype, name, parameter.trainable);
    // The base class made a variable of its own from the value; only the parameter is used.
    this.val.dispose();
    this.#parameter = parameter;
  }

  override read(): tf.Variable {
    return this.#parameter;
  }

  override write(value: tf.Tensor): this {
    this.#parameter.assign(value);
    return this;
  }

  /** Does nothing: the module that owns the parameter frees it. */
  override dispose(): void {}

  override get trainable(): boolean {
    return this.#parameter.trainable;
  }

  override set trainable(trainable: boolean) {
    this.#parameter.trainable = trainable;
  }
}
