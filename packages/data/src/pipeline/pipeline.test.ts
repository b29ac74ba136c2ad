import { describe, expect, it } from 'vitest';
import type { SentencePair } from '../types';
import { byLength, countWords, filterPairs, unique } from './filters';
import { assignSplit, splitPairs } from './split';

const pair = (source: string, target: string): SentencePair => ({ source, target });

describe('filters', () => {
  it('byLength keeps pairs within token limits and ratio', () => {
    const keep = byLength({ minTokens: 2, maxTokens: 4, maxRatio: 2 });
    expect(keep(pair('a b', 'c d e'))).toBe(true);
    expect(keep(pair('a', 'c d'))).toBe(false); // too short
    expect(keep(pair('a b c d e', 'c d'))).toBe(false); // too long
    expect(keep(pair('a b', 'c d e f'))).toBe(true); // ratio 2
    expect(byLength({ maxRatio: 1.5 })(pair('a b', 'c d e f'))).toBe(false);
  });

  it('byLength counts with a given tokenizer', () => {
    const characters = byLength({ maxTokens: 3, countTokens: (text) => text.length });
    expect(characters(pair('abc', 'de'))).toBe(true);
    expect(characters(pair('abcd', 'de'))).toBe(false);
    expect(countWords('  two   words ')).toBe(2);
  });

  it('byLength validates its options', () => {
    expect(() => byLength({ minTokens: 3, maxTokens: 2 })).toThrow(
      'byLength: maxTokens must be at least minTokens=3. Received: maxTokens=2',
    );
  });

  it('unique drops repeated pairs or repeated sources', () => {
    const pairs = [pair('a', 'x'), pair('a', 'x'), pair('a', 'y'), pair('b', 'x')];
    expect(pairs.filter(unique())).toEqual([pair('a', 'x'), pair('a', 'y'), pair('b', 'x')]);
    expect(pairs.filter(unique({ by: 'source' }))).toEqual([pair('a', 'x'), pair('b', 'x')]);
  });

  it('filterPairs streams through every predicate', async () => {
    async function* source() {
      yield pair('a b', 'x y');
      yield pair('a b', 'x y');
      yield pair('a b c d e f', 'x');
      yield pair('c', 'z');
    }
    const kept: SentencePair[] = [];
    for await (const p of filterPairs(source(), unique(), byLength({ maxTokens: 3 }))) kept.push(p);
    expect(kept).toEqual([pair('a b', 'x y'), pair('c', 'z')]);
  });
});

describe('splits', () => {
  const pairs = Array.from({ length: 100 }, (_, i) => pair(`s${i}`, `t${i}`));

  it('splitPairs cuts exact, disjoint, seeded splits', () => {
    const a = splitPairs(pairs, { valid: 0.1, test: 5, seed: 3 });
    expect([a.train.length, a.valid.length, a.test.length]).toEqual([85, 10, 5]);
    const all = [...a.train, ...a.valid, ...a.test].map((p) => p.source);
    expect(new Set(all).size).toBe(100);
    expect(splitPairs(pairs, { valid: 0.1, test: 5, seed: 3 })).toEqual(a);
    expect(splitPairs(pairs, { valid: 0.1, test: 5, seed: 4 }).valid).not.toEqual(a.valid);
  });

  it('splitPairs refuses impossible shares', () => {
    expect(() => splitPairs(pairs, { valid: 60, test: 50 })).toThrow(
      /must not exceed the 100 pairs/,
    );
    expect(() => splitPairs(pairs, { valid: 1.5 })).toThrow(/valid must be a fraction/);
  });

  it('assignSplit is a function of the pair and seed, with roughly the asked shares', () => {
    const counts = { train: 0, valid: 0, test: 0 };
    const many = Array.from({ length: 5000 }, (_, i) => pair(`source ${i}`, `target ${i}`));
    for (const p of many) counts[assignSplit(p, { valid: 0.1, test: 0.2, seed: 7 })]++;
    expect(counts.valid / 5000).toBeGreaterThan(0.08);
    expect(counts.valid / 5000).toBeLessThan(0.12);
    expect(counts.test / 5000).toBeGreaterThan(0.18);
    expect(counts.test / 5000).toBeLessThan(0.22);
    const p = many[42] as SentencePair;
    expect(assignSplit({ ...p }, { seed: 7 })).toBe(assignSplit(p, { seed: 7 }));
  });
});
