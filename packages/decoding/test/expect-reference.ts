import { expect } from 'vitest';
import type { Hypothesis } from '../src/rank-hypotheses';
import { type ReferenceOptions, referenceBeamSearch } from './reference-beam-search';
import type { TabularModel } from './tabular-model';

/**
 * Asserts that `found[i]`, the n-best beam search returned for the sentence
 * whose source starts with `firsts[i]`, is the float64 reference search's
 * n-best: the same tokens in the same order, log-probs to 4 decimals, and
 * whether each reached EOS.
 */
export function expectReferenceNBest(
  found: readonly Hypothesis[][],
  model: TabularModel,
  firsts: readonly number[],
  options: ReferenceOptions & { nBest: number },
): void {
  firsts.forEach((first, i) => {
    const wanted = referenceBeamSearch(model, first, options).slice(0, options.nBest);
    const list = found[i] ?? [];
    expect(list.map((h) => h.tokens)).toEqual(wanted.map((path) => path.tokens));
    list.forEach((h, rank) => {
      expect(h.logProb).toBeCloseTo(wanted[rank]?.logProb ?? Number.NaN, 4);
      expect(h.reachedEos).toBe(wanted[rank]?.reachedEos);
    });
  });
}
