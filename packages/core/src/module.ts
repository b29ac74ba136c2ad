import * as tf from '@tensorflow/tfjs-core';
import { HeedError } from './errors';
import type { Initializer } from './initializers';
import { Random } from './random';

/** What every heed module shares; the interfaces in `interfaces.ts` build on it. */
export interface ModuleLike {
  /** Parameters keyed by dotted module path, e.g. `decoder.attention.W1`. */
  namedParameters(): Map<string, tf.Variable>;
  /** Parameters that receive gradients. */
  trainableParameters(): tf.Variable[];
  /** Total number of scalar weights. */
  parameterCount(): number;
  /** A plain-JSON description that `fromConfig` rebuilds the module from. */
  getConfig(): object;
  /** Frees every variable the module owns. */
  dispose(): void;
}

/** Options for `Module.addParameter`. */
export interface ParameterOptions {
  /**
   * Whether optimisers update it. Defaults to true. A parameter made with
   * `false` stays frozen when the module's `trainable` flag is switched on.
   */
  trainable?: boolean;
}

/** How `assignParameters` treats names it does not find. */
export interface AssignOptions {
  /** Throw on missing or extra names (shape and dtype mismatches always throw). Defaults to true. */
  strict?: boolean;
}

/** The names that did not line up in `assignParameters`. */
export interface AssignReport {
  missing: string[];
  extra: string[];
}

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Base of every layer and model: a named tree of parameters and child modules.
 *
 * Parameters are drawn from a generator forked from the module's `seed` by the
 * parameter's own name, so weights do not depend on construction order, and
 * two copies of a model never collide in TF.js's global variable registry
 * (variables get engine-unique names; heed keeps its own paths).
 */
export abstract class Module implements ModuleLike {
  readonly #parameters = new Map<string, tf.Variable>();
  readonly #children = new Map<string, Module>();
  /** Parameters created with `trainable: false`; the module's flag never turns them on. */
  readonly #frozen = new Set<string>();
  #trainable = true;

  /** @param seed Seed for this module's initialisers. */
  constructor(protected readonly seed: number = 0) {}

  /** A derived seed for a child module, stable for a given parent seed and child name. */
  protected childSeed(name: string): number {
    const random = new Random(this.seed).fork(`module:${name}`);
    return random.nextUint32();
  }

  /** Creates, registers and returns a parameter initialised from this module's seed. */
  protected addParameter(
    name: string,
    shape: readonly number[],
    initializer: Initializer,
    options: ParameterOptions = {},
  ): tf.Variable {
    this.#assertFreshName(name);
    const initial = initializer(shape, new Random(this.seed).fork(`param:${name}`));
    const trainable = options.trainable ?? true;
    const variable = tf.variable(initial, trainable && this.#trainable);
    initial.dispose();
    this.#parameters.set(name, variable);
    if (!trainable) this.#frozen.add(name);
    return variable;
  }

  /** Registers a child module under `name` and returns it. */
  protected addModule<M extends Module>(name: string, module: M): M {
    this.#assertFreshName(name);
    this.#children.set(name, module);
    if (!this.#trainable) module.trainable = false;
    return module;
  }

  /** Whether the module's parameters are trained; setting it applies to every descendant. */
  get trainable(): boolean {
    return this.#trainable;
  }

  set trainable(value: boolean) {
    this.#trainable = value;
    for (const [name, variable] of this.#parameters) {
      variable.trainable = value && !this.#frozen.has(name);
    }
    for (const child of this.#children.values()) child.trainable = value;
  }

  /** Direct children by name. */
  children(): ReadonlyMap<string, Module> {
    return this.#children;
  }

  namedParameters(prefix = ''): Map<string, tf.Variable> {
    const out = new Map<string, tf.Variable>();
    for (const [name, variable] of this.#parameters) out.set(prefix + name, variable);
    for (const [name, child] of this.#children) {
      for (const [path, variable] of child.namedParameters(`${prefix}${name}.`)) {
        out.set(path, variable);
      }
    }
    return out;
  }

  /** All parameters in path order. */
  parameters(): tf.Variable[] {
    return [...this.namedParameters().values()];
  }

  trainableParameters(): tf.Variable[] {
    return this.parameters().filter((variable) => variable.trainable);
  }

  parameterCount(): number {
    let count = 0;
    for (const variable of this.namedParameters().values()) count += variable.size;
    return count;
  }

  /**
   * Copies `values` into the parameters of the same path. Shapes and dtypes must
   * match; with `strict` (default) missing and extra names throw too. The error
   * lists every problem at once. Nothing is assigned unless all checks pass.
   */
  assignParameters(
    values: ReadonlyMap<string, tf.Tensor>,
    options: AssignOptions = {},
  ): AssignReport {
    const own = this.namedParameters();
    const missing = [...own.keys()].filter((name) => !values.has(name));
    const extra = [...values.keys()].filter((name) => !own.has(name));
    const mismatched: string[] = [];
    for (const [name, variable] of own) {
      const value = values.get(name);
      if (!value) continue;
      if (value.dtype !== variable.dtype || !sameShape(value.shape, variable.shape)) {
        mismatched.push(
          `${name}: expected ${variable.dtype}[${variable.shape.join(', ')}], received ${value.dtype}[${value.shape.join(', ')}]`,
        );
      }
    }
    const strict = options.strict ?? true;
    if (mismatched.length > 0 || (strict && (missing.length > 0 || extra.length > 0))) {
      const lines = [
        ...(missing.length ? [`missing: ${missing.join(', ')}`] : []),
        ...(extra.length ? [`extra: ${extra.join(', ')}`] : []),
        ...(mismatched.length ? [`mismatched: ${mismatched.join('; ')}`] : []),
      ];
      throw new HeedError(`${this.constructor.name}: parameters do not match. ${lines.join('. ')}`);
    }
    for (const [name, variable] of own) {
      const value = values.get(name);
      if (value) variable.assign(value);
    }
    return { missing, extra };
  }

  abstract getConfig(): object;

  dispose(): void {
    for (const variable of this.#parameters.values()) variable.dispose();
    for (const child of this.#children.values()) child.dispose();
    this.#parameters.clear();
    this.#children.clear();
    this.#frozen.clear();
  }

  #assertFreshName(name: string): void {
    if (!NAME_PATTERN.test(name)) {
      throw new HeedError(
        `${this.constructor.name}: a parameter or module name must be an identifier without dots. Received: name='${name}'`,
      );
    }
    if (this.#parameters.has(name) || this.#children.has(name)) {
      throw new HeedError(`${this.constructor.name}: '${name}' is already registered`);
    }
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, i) => size === b[i]);
}
