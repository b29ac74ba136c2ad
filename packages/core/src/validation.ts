import { HeedError } from './errors';

/** Formats a received value for an error message: strings quoted, arrays and objects as JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** An error in the house style: `Owner: field must be … Received: field=value`. */
export function invalidArgument(
  owner: string,
  field: string,
  requirement: string,
  value: unknown,
): HeedError {
  return new HeedError(
    `${owner}: ${field} ${requirement}. Received: ${field}=${formatValue(value)}`,
  );
}

/** Throws unless `value` is an integer ≥ 1. */
export function assertPositiveInteger(owner: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalidArgument(owner, field, 'must be a positive integer', value);
  }
  return value;
}

/** Throws unless `value` is an integer ≥ 0. */
export function assertNonNegativeInteger(owner: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw invalidArgument(owner, field, 'must be a non-negative integer', value);
  }
  return value;
}

/** Throws unless `value` is a number > 0 (Infinity included). */
export function assertPositiveNumber(owner: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw invalidArgument(owner, field, 'must be a positive number', value);
  }
  return value;
}

/** Throws unless `value` is a finite number within [min, max]. */
export function assertInRange(
  owner: string,
  field: string,
  value: unknown,
  min: number,
  max: number,
): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw invalidArgument(owner, field, `must be a number in [${min}, ${max}]`, value);
  }
  return value;
}

/** Throws unless `value` is one of `allowed`. */
export function assertOneOf<T extends string>(
  owner: string,
  field: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidArgument(
      owner,
      field,
      `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
      value,
    );
  }
  return value as T;
}

/** Throws unless `value` is a boolean. */
export function assertBoolean(owner: string, field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw invalidArgument(owner, field, 'must be a boolean', value);
  return value;
}

/**
 * Throws when `config` has keys outside `known`, naming the first unknown one,
 * so a misspelt option never passes silently.
 */
export function assertKnownKeys(owner: string, config: object, known: readonly string[]): void {
  for (const key of Object.keys(config)) {
    if (!known.includes(key)) {
      throw new HeedError(`${owner}: unknown option '${key}'. Known options: ${known.join(', ')}`);
    }
  }
}

/**
 * Throws unless every one of `lengths` is an integer in [0, steps]: sequence
 * lengths against a batch `steps` long.
 */
export function assertLengths(owner: string, lengths: Iterable<number>, steps: number): void {
  for (const length of lengths) {
    if (!Number.isInteger(length) || length < 0 || length > steps) {
      throw new HeedError(
        `${owner}: every length must be an integer in [0, ${steps}]. Received: length=${length}`,
      );
    }
  }
}

/** Throws unless `shape` equals `expected`; `null` entries in `expected` match any size. */
export function assertShape(
  owner: string,
  field: string,
  shape: readonly number[],
  expected: readonly (number | null)[],
): void {
  const matches =
    shape.length === expected.length &&
    expected.every((size, i) => size === null || size === shape[i]);
  if (!matches) {
    const wanted = `[${expected.map((s) => (s === null ? '?' : s)).join(', ')}]`;
    throw new HeedError(
      `${owner}: ${field} must have shape ${wanted}. Received: ${field}.shape=[${shape.join(', ')}]`,
    );
  }
}
