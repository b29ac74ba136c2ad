import { assertKnownKeys, invalidArgument, Random } from '@heed/core';
import type { SentencePair } from '../types';

export interface SplitOptions {
  /** Validation share: a fraction in [0, 1) or, when ≥ 1, a number of pairs. Defaults to 0.1. */
  valid?: number;
  /** Test share, as `valid`. Defaults to 0.1. */
  test?: number;
  /** Seed of the shuffle. Defaults to 0. */
  seed?: number;
}

export interface Splits<T> {
  train: T[];
  valid: T[];
  test: T[];
}

function share(field: string, value: number, total: number): number {
  if (!Number.isFinite(value) || value < 0 || (value >= 1 && !Number.isInteger(value))) {
    throw invalidArgument(
      'splitPairs',
      field,
      'must be a fraction in [0, 1) or a whole number of pairs',
      value,
    );
  }
  return value < 1 ? Math.round(value * total) : value;
}

/**
 * Shuffles `pairs` with a seeded generator and cuts it into train, valid
 * and test sets of exact sizes. The same seed gives the same split.
 */
export function splitPairs<T extends SentencePair>(
  pairs: readonly T[],
  options: SplitOptions = {},
): Splits<T> {
  assertKnownKeys('splitPairs', options, ['valid', 'test', 'seed']);
  const validCount = share('valid', options.valid ?? 0.1, pairs.length);
  const testCount = share('test', options.test ?? 0.1, pairs.length);
  if (validCount + testCount > pairs.length) {
    throw invalidArgument(
      'splitPairs',
      'valid + test',
      `must not exceed the ${pairs.length} pairs`,
      validCount + testCount,
    );
  }
  const shuffled = new Random(options.seed ?? 0).fork('split').shuffle([...pairs]);
  return {
    valid: shuffled.slice(0, validCount),
    test: shuffled.slice(validCount, validCount + testCount),
    train: shuffled.slice(validCount + testCount),
  };
}

/** FNV-1a over the pair's text, mixed with the seed: a stable 32-bit hash. */
function hashPair(pair: SentencePair, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  const text = `${pair.source}\u0000${pair.target}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  return hash >>> 0;
}

/**
 * The split a pair belongs to, decided by a seeded hash of its text, for
 * corpora streamed from disk: no shuffle and no memory, the same answer for
 * the same pair whatever the order, and duplicates always land together.
 * Shares are fractions; the sizes are right in expectation only.
 */
export function assignSplit(
  pair: SentencePair,
  options: { valid?: number; test?: number; seed?: number } = {},
): keyof Splits<SentencePair> {
  const valid = options.valid ?? 0.1;
  const test = options.test ?? 0.1;
  if (!(valid >= 0 && test >= 0 && valid + test <= 1)) {
    throw invalidArgument(
      'assignSplit',
      'valid + test',
      'must be fractions summing to at most 1',
      valid + test,
    );
  }
  const u = hashPair(pair, options.seed ?? 0) / 4294967296;
  if (u < valid) return 'valid';
  if (u < valid + test) return 'test';
  return 'train';
}
