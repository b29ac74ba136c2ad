import { describe, expect, it } from 'vitest';
import { bucketBatches, byLength, loadBuiltinCorpus, splitPairs, unique } from './index';

describe('README first example', () => {
  it('builds, filters, splits and batches a built-in corpus', () => {
    const corpus = loadBuiltinCorpus('en-es-grammar', { size: 5000, seed: 1 });
    const clean = corpus.pairs.filter(byLength({ maxTokens: 40 })).filter(unique());
    const { train, valid, test } = splitPairs(clean, { valid: 0.1, test: 0.1, seed: 1 });
    const lengths = train.map(
      (p) => Math.max(p.source.split(' ').length, p.target.split(' ').length) + 2,
    );
    const { batches } = bucketBatches(lengths, { maxTokens: 2048, seed: 1, epoch: 0 });
    expect(train.length + valid.length + test.length).toBe(clean.length);
    expect(valid.length).toBe(Math.round(clean.length * 0.1));
    expect(batches.flatMap((b) => b.indices)).toHaveLength(train.length);
    for (const batch of batches)
      expect(batch.indices.length * batch.maxLength).toBeLessThanOrEqual(2048);
  });
});
