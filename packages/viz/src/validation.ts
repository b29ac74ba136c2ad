/**
 * An error in heed's house style, `Owner: field must … Received: field=value`.
 * `@heed/viz` depends on no other heed package (docs/architecture.md), so it throws plain
 * `TypeError`s rather than `@heed/core`'s `HeedError`.
 */
export function invalidArgument(
  owner: string,
  field: string,
  requirement: string,
  value: unknown,
): TypeError {
  return new TypeError(`${owner}: ${field} ${requirement}. Received: ${field}=${format(value)}`);
}

function format(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  try {
    const json = JSON.stringify(value);
    return json.length > 120 ? `${json.slice(0, 117)}...` : json;
  } catch {
    return String(value);
  }
}

/** Throws unless `value` is a finite number > 0. */
export function assertPositive(owner: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalidArgument(owner, field, 'must be a positive finite number', value);
  }
  return value;
}

/** Throws unless `value` is an array of strings. */
export function assertStrings(owner: string, field: string, value: unknown): readonly string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw invalidArgument(owner, field, 'must be an array of strings', value);
  }
  return value;
}
