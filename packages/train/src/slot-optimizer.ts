import { HeedError } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';

const MARKER = Symbol.for('heed.slotOptimizer');

/** A named tensor, as `tf.Optimizer.getWeights` returns them. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/**
 * Base of heed's optimisers: a TF.js `Optimizer` (so `minimize` and
 * `applyGradients` work as usual) whose per-variable state — its "slots",
 * e.g. Adam's `m` and `v` — is kept by variable name, saved by `getWeights`
 * as `<variable>/<slot>` and restored by `setWeights` by name, never by
 * position. Slots hold everything a step needs besides the step count, so a
 * restored optimiser continues bit-for-bit. `learningRate` is a plain field a
 * schedule may set before each step.
 */
export abstract class SlotOptimizer extends tf.Optimizer {
  /**
   * True for any heed optimiser. (`instanceof` cannot tell: `tf.Optimizer`
   * overrides it to accept anything with `minimize` and `applyGradients`.)
   */
  static isSlotOptimizer(value: unknown): value is SlotOptimizer {
    return typeof value === 'object' && value !== null && MARKER in value;
  }

  readonly [MARKER] = true;
  /** The rate the next `applyGradients` uses. */
  learningRate: number;
  readonly #slots = new Map<string, tf.Variable[]>();

  protected constructor(learningRate: number) {
    super();
    this.learningRate = learningRate;
  }

  /** The names of the state tensors kept per variable, e.g. `['m', 'v']`. */
  protected abstract readonly slotNames: readonly string[];

  /**
   * Updates one variable in place (runs inside `tf.tidy`).
   * @param slots this variable's state, in `slotNames` order, to update in place.
   * @param step 1-based number of this update.
   */
  protected abstract updateVariable(
    variable: tf.Variable,
    gradient: tf.Tensor,
    slots: readonly tf.Variable[],
    step: number,
  ): void;

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries: [string, tf.Tensor | undefined][] = Array.isArray(variableGradients)
      ? variableGradients.map(({ name, tensor }) => [name, tensor])
      : Object.entries(variableGradients);
    const step = this.iterations + 1;
    const registered = tf.engine().registeredVariables;
    tf.tidy(() => {
      for (const [name, gradient] of entries) {
        if (!gradient) continue;
        const variable = registered[name];
        if (!variable) {
          throw new HeedError(`${this.getClassName()}: no variable named '${name}' is registered`);
        }
        this.updateVariable(variable, gradient, this.#slotsOf(name, variable), step);
      }
    });
    this.incrementIterations();
  }

  /** `[iterations, <variable>/<slot> for every variable and slot]`. */
  override async getWeights(): Promise<NamedTensor[]> {
    const weights = [await this.saveIterations()];
    for (const [name, slots] of this.#slots) {
      slots.forEach((slot, i) => {
        weights.push({ name: `${name}/${this.slotNames[i]}`, tensor: slot });
      });
    }
    return weights;
  }

  /** Restores `getWeights()` output; slot names must use the current variables' names. */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const slotValues = await this.extractIterations(weightValues);
    const restored = new Map<string, (tf.Tensor | undefined)[]>();
    for (const { name, tensor } of slotValues) {
      const cut = name.lastIndexOf('/');
      const slot = this.slotNames.indexOf(name.slice(cut + 1));
      if (cut < 0 || slot < 0) {
        throw new HeedError(
          `${this.getClassName()}: unknown optimizer state '${name}'; expected <variable>/<${this.slotNames.join('|')}>`,
        );
      }
      const values = restored.get(name.slice(0, cut)) ?? this.slotNames.map(() => undefined);
      values[slot] = tensor;
      restored.set(name.slice(0, cut), values);
    }
    for (const [name, values] of restored) {
      const missing = this.slotNames.filter((_, i) => values[i] === undefined);
      if (missing.length > 0) {
        throw new HeedError(
          `${this.getClassName()}: optimizer state for '${name}' lacks ${missing.join(', ')}`,
        );
      }
    }
    this.#disposeSlots();
    for (const [name, values] of restored) {
      this.#slots.set(
        name,
        values.map((value) => tf.variable(value as tf.Tensor, false)),
      );
    }
  }

  override dispose(): void {
    this.#disposeSlots();
  }

  #slotsOf(name: string, variable: tf.Variable): tf.Variable[] {
    let slots = this.#slots.get(name);
    if (!slots) {
      slots = this.slotNames.map(() => tf.variable(tf.zerosLike(variable), false));
      this.#slots.set(name, slots);
    }
    return slots;
  }

  #disposeSlots(): void {
    for (const slots of this.#slots.values()) for (const slot of slots) slot.dispose();
    this.#slots.clear();
  }
}
