import {
  assertKnownKeys,
  assertNonNegativeInteger,
  assertOneOf,
  invalidArgument,
} from '@heed/core';
import type { SentencePair } from '../types';

/** A test on one pair; stateful predicates (`unique`) remember what they saw. */
export type PairPredicate = (pair: SentencePair) => boolean;

/** Counts the tokens of a sentence. */
export type TokenCounter = (text: string) => number;

/** Whitespace-separated words: the default `TokenCounter`. */
export const countWords: TokenCounter = (text) => {
  let count = 0;
  for (const piece of text.split(/\s+/u)) if (piece.length > 0) count++;
  return count;
};

export interface LengthFilterOptions {
  /** Fewest tokens on each side. Defaults to 1. */
  minTokens?: number;
  /** Most tokens on each side. Defaults to no limit. */
  maxTokens?: number;
  /** Largest ratio between the longer and the shorter side. Defaults to no limit. */
  maxRatio?: number;
  /** How tokens are counted, e.g. `(text) => tokenizer.encode(text).length`. Defaults to whitespace words. */
  countTokens?: TokenCounter;
}

/**
 * Keeps pairs whose two sides both have `minTokens`…`maxTokens` tokens and
 * whose length ratio is at most `maxRatio`. Use with `Array.filter` or
 * `filterPairs`.
 */
export function byLength(options: LengthFilterOptions): PairPredicate {
  assertKnownKeys('byLength', options, ['minTokens', 'maxTokens', 'maxRatio', 'countTokens']);
  const minTokens = assertNonNegativeInteger('byLength', 'minTokens', options.minTokens ?? 1);
  const maxTokens = options.maxTokens ?? Number.POSITIVE_INFINITY;
  if (!(maxTokens >= minTokens)) {
    throw invalidArgument(
      'byLength',
      'maxTokens',
      `must be at least minTokens=${minTokens}`,
      maxTokens,
    );
  }
  const maxRatio = options.maxRatio ?? Number.POSITIVE_INFINITY;
  if (!(maxRatio >= 1))
    throw invalidArgument('byLength', 'maxRatio', 'must be a number ≥ 1', maxRatio);
  const count = options.countTokens ?? countWords;
  return ({ source, target }) => {
    const a = count(source);
    const b = count(target);
    if (a < minTokens || b < minTokens || a > maxTokens || b > maxTokens) return false;
    return Math.max(a, b) <= maxRatio * Math.max(1, Math.min(a, b));
  };
}

export interface UniqueOptions {
  /** `'pair'` drops exact repeats of a pair; `'source'` keeps one pair per source sentence. Defaults to 'pair'. */
  by?: 'pair' | 'source';
}

/**
 * A stateful predicate that passes each pair (or source) the first time it
 * sees it. It keeps every key it has seen, so memory grows with the number
 * of distinct pairs.
 */
export function unique(options: UniqueOptions = {}): PairPredicate {
  assertKnownKeys('unique', options, ['by']);
  const by = assertOneOf('unique', 'by', options.by ?? 'pair', ['pair', 'source']);
  const seen = new Set<string>();
  return ({ source, target }) => {
    const key = by === 'pair' ? `${source}\u0000${target}` : source;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}

/** Streams the pairs of `source` that pass every predicate, in order. */
export async function* filterPairs<T extends SentencePair>(
  source: Iterable<T> | AsyncIterable<T>,
  ...predicates: PairPredicate[]
): AsyncGenerator<T> {
  for await (const pair of source) {
    if (predicates.every((keep) => keep(pair))) yield pair;
  }
}
