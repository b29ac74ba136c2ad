import { TokenizerError } from './errors';

/**
 * Validation helpers in the heed house style (`Owner: field must be …. Received: field=value`).
 * They mirror the ones in @heed/core, which this package may not depend on.
 */

/** Formats a received value for an error message: strings quoted, arrays and objects as JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  try {
    const json = JSON.stringify(value);
    return json.length > 200 ? `${json.slice(0, 200)}…` : json;
  } catch {
    return String(value);
  }
}

/** An error of the form `Owner: field must be …. Received: field=value`. */
export function invalidArgument(
  owner: string,
  field: string,
  requirement: string,
  value: unknown,
): TokenizerError {
  return new TokenizerError(
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

/** Throws unless `value` is a boolean. */
export function assertBoolean(owner: string, field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw invalidArgument(owner, field, 'must be a boolean', value);
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
    const list = allowed.map((a) => `'${a}'`).join(', ');
    throw invalidArgument(owner, field, `must be one of ${list}`, value);
  }
  return value as T;
}

/** Throws unless `value` is a plain object (not null, not an array). */
export function assertObject(
  owner: string,
  field: string,
  value: unknown,
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidArgument(owner, field, 'must be an object', value);
  }
  return value as Record<string, unknown>;
}

/**
 * Throws when `config` has keys outside `known`, naming the first unknown one,
 * so a misspelt option never passes silently.
 */
export function assertKnownKeys(owner: string, config: object, known: readonly string[]): void {
  for (const key of Object.keys(config)) {
    if (!known.includes(key)) {
      throw new TokenizerError(
        `${owner}: unknown option '${key}'. Known options: ${known.join(', ')}`,
      );
    }
  }
}
