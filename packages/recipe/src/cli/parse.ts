import { InvalidArgumentError } from 'commander';
import { DURATION_WITH_UNIT, parseDuration } from '../duration';

/** Commander argument parsers that reject bad values with a one-line reason. */
export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(number) || number < 1) {
    throw new InvalidArgumentError('must be a positive integer.');
  }
  return number;
}

export function nonNegativeInteger(value: string): number {
  const number = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(number)) {
    throw new InvalidArgumentError('must be a non-negative integer.');
  }
  return number;
}

export function integer(value: string): number {
  const number = Number(value);
  if (!/^\s*-?\d+\s*$/.test(value) || !Number.isInteger(number)) {
    throw new InvalidArgumentError('must be an integer.');
  }
  return number;
}

export function finiteNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) {
    throw new InvalidArgumentError('must be a number.');
  }
  return number;
}

export function nonNegativeNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0) {
    throw new InvalidArgumentError('must be a number ≥ 0.');
  }
  return number;
}

export function positiveNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || Number.isNaN(number) || number <= 0) {
    throw new InvalidArgumentError('must be a number > 0.');
  }
  return number;
}

export function duration(value: string): number {
  try {
    return parseDuration(value);
  } catch {
    throw new InvalidArgumentError('must be a duration: seconds, or a number ending in s, m or h.');
  }
}

/** A positive number of updates (`500`), or a duration with its unit (`90s`, `2m`), kept as text. */
export function updatesOrDuration(value: string): number | string {
  if (value.trim() === 'auto') return 'auto';
  if (/^\s*\d+\s*$/.test(value)) return positiveInteger(value);
  if (DURATION_WITH_UNIT.test(value) && Number.parseFloat(value) > 0) return value.trim();
  throw new InvalidArgumentError(
    "must be a number of updates, a duration ending in s, m or h (90s, 2m), or 'auto'.",
  );
}

/** A parser accepting only `choices`. */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`must be one of ${choices.join(', ')}.`);
    }
    return value as T;
  };
}

/** A repeatable option's values so far, plus `value` (commander passes the previous list). */
export function collect(value: string, previous?: unknown): string[] {
  return [...(Array.isArray(previous) ? (previous as string[]) : []), value];
}
