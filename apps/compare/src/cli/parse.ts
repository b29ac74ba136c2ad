import { parseDuration } from '@heed/nmt';
import { InvalidArgumentError } from 'commander';

/** Commander argument parsers that reject a bad value with a one-line reason. */
export function positiveInteger(value: string): number {
  if (!/^\s*\d+\s*$/.test(value) || Number(value) < 1) {
    throw new InvalidArgumentError('must be a positive integer.');
  }
  return Number(value);
}

export function nonNegativeInteger(value: string): number {
  if (!/^\s*\d+\s*$/.test(value)) throw new InvalidArgumentError('must be a non-negative integer.');
  return Number(value);
}

export function integer(value: string): number {
  if (!/^\s*-?\d+\s*$/.test(value)) throw new InvalidArgumentError('must be an integer.');
  return Number(value);
}

export function finiteNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) {
    throw new InvalidArgumentError('must be a number.');
  }
  return number;
}

/** `90`, `90s`, `3m`, `1h` → seconds. */
export function duration(value: string): number {
  try {
    return parseDuration(value);
  } catch {
    throw new InvalidArgumentError('must be a duration: seconds, or a number ending in s, m or h.');
  }
}

/** `10,20,30` → `[10, 20, 30]`. */
export function integerList(value: string): number[] {
  const parts = value.split(',').map((part) => part.trim());
  if (parts.some((part) => !/^\d+$/.test(part))) {
    throw new InvalidArgumentError('must be comma-separated positive integers, e.g. 10,20,30.');
  }
  return parts.map(Number);
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
