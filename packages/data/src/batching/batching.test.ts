import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketBatches } from './bucket-batches';
import { streamBatches } from './stream-batches';

const LENGTHS = [5, 3, 9, 3, 12, 1, 7, 7, 2, 30, 4, 8, 6, 6, 11, 3];

describe('bucketBatches', () => {
  it('uses every example once and keeps every batch within maxTokens', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 200 }),
        fc.integer({ min: 40, max: 400 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer(),
        (lengths, maxTokens, bucketWidth, seed) => {
          const { batches, oversized } = bucketBatches(lengths, { maxTokens, bucketWidth, seed });
          expect(oversized).toEqual([]);
          const used = batches.flatMap((b) => b.indices).sort((a, b) => a - b);
          expect(used).toEqual(lengths.map((_, i) => i));
          for (const { indices, maxLength } of batches) {
            expect(maxLength).toBe(Math.max(1, ...indices.map((i) => lengths[i] as number)));
            expect(indices.length * maxLength).toBeLessThanOrEqual(maxTokens);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('groups similar lengths: without shuffling, batches are sorted by length', () => {
    const { batches } = bucketBatches(LENGTHS, { maxTokens: 32, shuffle: false });
    const lengths = batches.flatMap((b) => b.indices.map((i) => LENGTHS[i]));
    expect(lengths).toEqual([...LENGTHS].sort((a, b) => a - b));
    expect(batches[0]).toEqual({ indices: [5, 8, 1, 3, 15, 10], maxLength: 4 });
  });

  it('is reproducible for a seed and epoch, and differs across epochs', () => {
    const a = bucketBatches(LENGTHS, { maxTokens: 32, seed: 1, epoch: 0 });
    expect(bucketBatches(LENGTHS, { maxTokens: 32, seed: 1, epoch: 0 })).toEqual(a);
    expect(bucketBatches(LENGTHS, { maxTokens: 32, seed: 1, epoch: 1 })).not.toEqual(a);
  });

  it('respects maxBatchSize', () => {
    const { batches } = bucketBatches(new Array(10).fill(1), { maxTokens: 100, maxBatchSize: 4 });
    expect(batches.map((b) => b.indices.length).sort()).toEqual([2, 4, 4]);
  });

  it('refuses or skips an example longer than maxTokens', () => {
    expect(() => bucketBatches(LENGTHS, { maxTokens: 32 })).not.toThrow();
    expect(() => bucketBatches(LENGTHS, { maxTokens: 20 })).toThrow(
      "bucketBatches: example 9 has length 30, more than maxTokens=20. Filter long pairs first or pass oversized: 'skip'",
    );
    expect(bucketBatches(LENGTHS, { maxTokens: 20, oversized: 'skip' }).oversized).toEqual([9]);
  });

  it('validates its options', () => {
    expect(() => bucketBatches([1], { maxTokens: 0 })).toThrow(
      'bucketBatches: maxTokens must be a positive integer. Received: maxTokens=0',
    );
    expect(() => bucketBatches([1.5], { maxTokens: 10 })).toThrow(
      /lengths must be non-negative integers/,
    );
  });
});

describe('streamBatches', () => {
  it('batches a stream pool by pool, reproducibly, using every item once', async () => {
    async function* items() {
      for (let i = 0; i < 50; i++) yield { id: i, length: (i * 7) % 13 };
    }
    const collect = async () => {
      const batches: number[][] = [];
      for await (const batch of streamBatches(items(), {
        length: (x) => x.length,
        maxTokens: 30,
        poolSize: 20,
        seed: 5,
      })) {
        batches.push(batch.map((x) => x.id));
        expect(batch.length * Math.max(1, ...batch.map((x) => x.length))).toBeLessThanOrEqual(30);
      }
      return batches;
    };
    const first = await collect();
    expect(await collect()).toEqual(first);
    expect(first.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // Pools are batched in order: every id of the first pool comes before the second pool's.
    const position = new Map(first.flat().map((id, k) => [id, k]));
    const lastOfFirstPool = Math.max(
      ...Array.from({ length: 20 }, (_, i) => position.get(i) as number),
    );
    const firstOfSecondPool = Math.min(
      ...Array.from({ length: 20 }, (_, i) => position.get(i + 20) as number),
    );
    expect(lastOfFirstPool).toBeLessThan(firstOfSecondPool);
  });
});
