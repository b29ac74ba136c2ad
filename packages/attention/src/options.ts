import { assertBoolean, assertInRange, assertOneOf, HeedError, invalidArgument } from '@heed/core';

/** The sizes every attention is built with, which an option's default may depend on. */
export interface ResolvedDimensions {
  /** dq. */
  queryDim: number;
  /** dk. */
  keyDim: number;
  /** dv. */
  valueDim: number;
}

/**
 * One option of a variant: how it is checked, what it defaults to and how it
 * is read from text (`--attention-option units=64`). A variant's options are
 * a record of these (its schema); validation, defaults, `getConfig` and the
 * command line all come from it.
 */
export interface OptionSpec<T> {
  /** How the value is written in text: `'integer'`, `'number'`, `'boolean'` or `'string'`. */
  readonly kind: 'integer' | 'number' | 'boolean' | 'string';
  /** The value used when the option is absent, or a function of the sizes that gives it. */
  readonly defaultValue: T | ((sizes: ResolvedDimensions) => T);
  /** Returns `value` typed, or throws `Owner: name must be … Received: name=value`. */
  check(owner: string, name: string, value: unknown): T;
}

/** A variant's options by name. */
export type OptionSchema = Record<string, OptionSpec<unknown>>;

/** The options a schema accepts, each optional (absent = its default). */
export type OptionsOf<S extends OptionSchema> = {
  [K in keyof S]?: S[K] extends OptionSpec<infer T> ? T : never;
};

/** The options a schema resolves to, every default filled in. */
export type ResolvedOptionsOf<S extends OptionSchema> = {
  readonly [K in keyof S]-?: S[K] extends OptionSpec<infer T> ? T : never;
};

type Default<T> = T | ((sizes: ResolvedDimensions) => T);

/** An integer ≥ 1. */
export function positiveInteger(defaultValue: Default<number>): OptionSpec<number> {
  return {
    kind: 'integer',
    defaultValue,
    check(owner, name, value) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
        throw invalidArgument(owner, name, 'must be a positive integer', value);
      }
      return value;
    },
  };
}

/** A finite number in [min, max]. */
export function numberInRange(
  min: number,
  max: number,
  defaultValue: Default<number>,
): OptionSpec<number> {
  return {
    kind: 'number',
    defaultValue,
    check: (owner, name, value) => assertInRange(owner, name, value, min, max),
  };
}

/** `true` or `false`. */
export function boolean(defaultValue: Default<boolean>): OptionSpec<boolean> {
  return {
    kind: 'boolean',
    defaultValue,
    check: (owner, name, value) => assertBoolean(owner, name, value),
  };
}

/** One of a fixed set of strings. */
export function oneOf<const T extends string>(
  allowed: readonly T[],
  defaultValue: Default<T>,
): OptionSpec<T> {
  return {
    kind: 'string',
    defaultValue,
    check: (owner, name, value) => assertOneOf(owner, name, value, allowed),
  };
}

/** A non-empty string that `check` validates further (e.g. a registered type name). */
export function nonEmptyString(
  defaultValue: Default<string>,
  check: (owner: string, name: string, value: string) => void = () => {},
): OptionSpec<string> {
  return {
    kind: 'string',
    defaultValue,
    check(owner, name, value) {
      if (typeof value !== 'string' || value === '') {
        throw invalidArgument(owner, name, 'must be a non-empty string', value);
      }
      check(owner, name, value);
      return value;
    },
  };
}

/**
 * Checks `options` against `schema` and fills in the defaults: an option the
 * schema does not have is an error naming the known ones.
 * @param options the given options (sizes and `type` excluded).
 */
export function resolveOptions<S extends OptionSchema>(
  owner: string,
  schema: S,
  options: Readonly<Record<string, unknown>>,
  sizes: ResolvedDimensions,
): ResolvedOptionsOf<S> {
  assertOptionNames(owner, schema, Object.keys(options));
  const resolved: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema)) {
    const given = options[name];
    const value =
      given === undefined
        ? typeof spec.defaultValue === 'function'
          ? (spec.defaultValue as (sizes: ResolvedDimensions) => unknown)(sizes)
          : spec.defaultValue
        : given;
    resolved[name] = spec.check(owner, name, value);
  }
  return resolved as ResolvedOptionsOf<S>;
}

/** Throws when a name is not in `schema`, naming the known ones. */
export function assertOptionNames(owner: string, schema: OptionSchema, names: string[]): void {
  for (const name of names) {
    if (!Object.hasOwn(schema, name)) {
      const known = Object.keys(schema);
      throw new HeedError(
        `${owner}: unknown option '${name}'. Known options: ${known.length > 0 ? known.join(', ') : '(none)'}`,
      );
    }
  }
}

/**
 * Reads `text` as the option `name` of `schema` (`'64'` → 64, `'true'` → true)
 * and checks it. Throws a `HeedError` naming the option and the text.
 */
export function parseOption(
  owner: string,
  schema: OptionSchema,
  name: string,
  text: string,
): unknown {
  assertOptionNames(owner, schema, [name]);
  const spec = schema[name]!;
  const value =
    spec.kind === 'boolean'
      ? text === 'true'
        ? true
        : text === 'false'
          ? false
          : text
      : spec.kind === 'integer' || spec.kind === 'number'
        ? text.trim() === '' || Number.isNaN(Number(text))
          ? text
          : Number(text)
        : text;
  return spec.check(owner, name, value);
}
