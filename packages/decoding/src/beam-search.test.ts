import { expectNoLeaks } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sourceBatch } from '../test/batches';
import { exhaustiveSearch } from '../test/exhaustive-search';
import { randomAttentionScores, randomTable, TabularModel } from '../test/tabular-model';
import { beamSearch } from './beam-search';
import { greedyDecode } from './greedy-decode';

function withModel<T>(seed: number, run: (model: TabularModel) => Promise<T>, V = 5, steps = 4) {
  const model = new TabularModel({
    logits: randomTable(seed, 3, steps, V),
    attentionScores: randomAttentionScores(seed + 1, steps, V, 4),
    maxSourceLength: 4,
  });
  return run(model).finally(() => model.dispose());
}

describe('beamSearch', () => {
  it('with beamSize 1 equals greedy decoding (property over random tables)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 2 }),
        (seed, minLength) =>
          withModel(seed, async (model) => {
            const batch = sourceBatch([0, 1, 2], [2, 4, 3]);
            const options = { maxLength: 4, minLength };
            const greedy = await greedyDecode(model, batch.source, batch.sourceLengths, options);
            const beam = await beamSearch(model, batch.source, batch.sourceLengths, {
              ...options,
              beamSize: 1,
            });
            batch.dispose();
            beam.hypotheses.forEach(([best], i) => {
              expect(best?.tokens).toEqual(greedy.tokens[i]);
              expect(best?.reachedEos).toBe(greedy.reachedEos[i]);
              expect(best?.logProb).toBe(greedy.scores[i]);
            });
          }),
      ),
      { numRuns: 12 },
    );
  });

  for (const lengthPenalty of [0, 1]) {
    it(`wider than the search space finds the exhaustive best (α=${lengthPenalty})`, async () => {
      await withModel(7, async (model) => {
        const batch = sourceBatch([0, 1, 2], [2, 4, 3]);
        const result = await beamSearch(model, batch.source, batch.sourceLengths, {
          beamSize: 400,
          maxLength: 4,
          lengthPenalty,
          nBest: 5,
        });
        batch.dispose();
        [0, 1, 2].forEach((first, i) => {
          const all = exhaustiveSearch(model, first, [2, 4, 3][i] ?? 0, {
            maxLength: 4,
            lengthPenalty,
          });
          expect(all.length).toBe(1 + 4 + 16 + 64 + 256);
          const found = result.hypotheses[i] ?? [];
          expect(found.map((h) => h.tokens)).toEqual(all.slice(0, 5).map((h) => h.tokens));
          found.forEach((hypothesis, rank) => {
            expect(hypothesis.score).toBeCloseTo(all[rank]?.score ?? Number.NaN, 4);
            expect(hypothesis.logProb).toBeCloseTo(all[rank]?.logProb ?? Number.NaN, 4);
          });
        });
      });
    });
  }

  it('wider than the search space finds the exhaustive best with the coverage penalty', async () => {
    await withModel(11, async (model) => {
      const batch = sourceBatch([0, 1], [4, 3]);
      const options = { maxLength: 4, lengthPenalty: 0.6, coveragePenalty: 0.4 };
      const result = await beamSearch(model, batch.source, batch.sourceLengths, {
        ...options,
        beamSize: 400,
        nBest: 3,
      });
      const plain = await beamSearch(model, batch.source, batch.sourceLengths, {
        maxLength: 4,
        lengthPenalty: 0.6,
        beamSize: 400,
        nBest: 3,
      });
      batch.dispose();
      [0, 1].forEach((first, i) => {
        const all = exhaustiveSearch(model, first, [4, 3][i] ?? 0, options);
        const found = result.hypotheses[i] ?? [];
        expect(found.map((h) => h.tokens)).toEqual(all.slice(0, 3).map((h) => h.tokens));
        found.forEach((hypothesis, rank) => {
          expect(hypothesis.score).toBeCloseTo(all[rank]?.score ?? Number.NaN, 4);
        });
      });
      // The penalty changes the ranking on at least one of the two sentences.
      const changed = [0, 1].some(
        (i) =>
          JSON.stringify(result.hypotheses[i]?.map((h) => h.tokens)) !==
          JSON.stringify(plain.hypotheses[i]?.map((h) => h.tokens)),
      );
      expect(changed).toBe(true);
    });
  });

  it('can differ from both greedy and exhaustive search (a table built for it)', async () => {
    // V = 6: PAD 0, BOS 1, EOS 2, words a=3, b=4, c=5; maxLength 3.
    const never = -30;
    const log = Math.log;
    const row = (eos: number, a: number, b: number, c: number) => [
      never,
      never,
      log(eos),
      log(a),
      log(b),
      log(c),
    ];
    const step = [
      row(0.01, 0.2, 0.2, 0.2), // after PAD (unused)
      row(0.01, 0.44, 0.33, 0.22), // after BOS: greedy takes a
      row(0.97, 0.01, 0.01, 0.01), // after EOS (unused)
      row(0.28, 0.25, 0.24, 0.23), // after a: flat, EOS best
      row(0.6, 0.2, 0.1, 0.1), // after b: likely EOS
      row(0.98, 0.006, 0.007, 0.007), // after c: almost surely EOS
    ];
    const model = new TabularModel({ logits: [[step, step, step]], maxSourceLength: 2 });
    const batch = sourceBatch([0], [2]);
    const options = { maxLength: 3 };
    const greedy = await greedyDecode(model, batch.source, batch.sourceLengths, options);
    const beam2 = await beamSearch(model, batch.source, batch.sourceLengths, {
      ...options,
      beamSize: 2,
    });
    const exhaustive = exhaustiveSearch(model, 0, 2, options)[0];
    batch.dispose();
    model.dispose();
    expect(greedy.tokens[0]).toEqual([3]); // a EOS: 0.44 · 0.28 = 0.123
    expect(beam2.hypotheses[0]?.[0]?.tokens).toEqual([4]); // b EOS: 0.33 · 0.6 = 0.198
    expect(exhaustive?.tokens).toEqual([5]); // c EOS: 0.22 · 0.98 = 0.216, pruned by beam 2
  });

  it('returns nBest hypotheses sorted by score, with attention rows per step', async () => {
    await withModel(3, async (model) => {
      const batch = sourceBatch([0, 1, 2], [2, 4, 3]);
      const result = await beamSearch(model, batch.source, batch.sourceLengths, {
        beamSize: 6,
        nBest: 4,
        maxLength: 5,
        lengthPenalty: 0.8,
        returnAttention: true,
      });
      batch.dispose();
      result.hypotheses.forEach((list, sentence) => {
        const length = [2, 4, 3][sentence] ?? 0;
        expect(list.length).toBe(4);
        list.slice(1).forEach((hypothesis, i) => {
          expect(hypothesis.score).toBeLessThanOrEqual(list[i]?.score ?? Number.NaN);
        });
        for (const hypothesis of list) {
          const steps = hypothesis.tokens.length + (hypothesis.reachedEos ? 1 : 0);
          expect(hypothesis.attention?.length).toBe(steps);
          const previous = [1, ...hypothesis.tokens];
          hypothesis.attention?.forEach((row, step) => {
            const wanted = model.attentionWeights(step, previous[step] ?? 0, length);
            expect(row.length).toBe(4);
            row.forEach((weight, j) => {
              expect(weight).toBeCloseTo(wanted[j] ?? 0, 5);
            });
          });
        }
      });
    });
  });

  it('gives every sentence of a batch the result it gets alone', async () => {
    await withModel(
      5,
      async (model) => {
        const firsts = [2, 0, 1, 0];
        const lengths = [3, 1, 4, 2];
        const options = { beamSize: 3, nBest: 3, maxLength: 6, lengthPenalty: 1, minLength: 1 };
        const batch = sourceBatch(firsts, lengths);
        const together = await beamSearch(model, batch.source, batch.sourceLengths, options);
        batch.dispose();
        for (let i = 0; i < firsts.length; i++) {
          const single = sourceBatch([firsts[i] ?? 0], [lengths[i] ?? 0]);
          const alone = await beamSearch(model, single.source, single.sourceLengths, options);
          single.dispose();
          const a = together.hypotheses[i] ?? [];
          const b = alone.hypotheses[0] ?? [];
          expect(a.map((h) => h.tokens)).toEqual(b.map((h) => h.tokens));
          a.forEach((h, rank) => {
            expect(h.score).toBeCloseTo(b[rank]?.score ?? Number.NaN, 5);
          });
        }
      },
      6,
      6,
    );
  });

  it('respects minLength and maxLength', async () => {
    await withModel(9, async (model) => {
      const batch = sourceBatch([0, 1], [2, 3]);
      const result = await beamSearch(model, batch.source, batch.sourceLengths, {
        beamSize: 4,
        nBest: 4,
        minLength: 2,
        maxLength: 4,
      });
      batch.dispose();
      for (const list of result.hypotheses) {
        for (const hypothesis of list) {
          expect(hypothesis.tokens.length).toBeGreaterThanOrEqual(2);
          expect(hypothesis.tokens.length + (hypothesis.reachedEos ? 1 : 0)).toBeLessThanOrEqual(4);
          if (!hypothesis.reachedEos) expect(hypothesis.tokens.length).toBe(4);
          expect(hypothesis.tokens).not.toContain(2);
        }
      }
    });
  });

  it('rejects inconsistent options', async () => {
    await withModel(1, async (model) => {
      const batch = sourceBatch([0], [2]);
      await expect(
        beamSearch(model, batch.source, batch.sourceLengths, { beamSize: 2, nBest: 3 }),
      ).rejects.toThrow(
        'beamSearch: nBest must be at most beamSize. Received: nBest=3, beamSize=2',
      );
      await expect(
        beamSearch(model, batch.source, batch.sourceLengths, { lengthPenalty: -1 }),
      ).rejects.toThrow(
        'beamSearch: lengthPenalty must be a non-negative number. Received: lengthPenalty=-1',
      );
      await expect(
        beamSearch(model, batch.source, batch.sourceLengths, { minLength: 5, maxLength: 5 }),
      ).rejects.toThrow('beamSearch: minLength must be less than maxLength');
      batch.dispose();
    });
  });

  it('leaks nothing', async () => {
    await withModel(2, async (model) => {
      const batch = sourceBatch([0, 1, 2], [2, 4, 3]);
      await expectNoLeaks(() =>
        beamSearch(model, batch.source, batch.sourceLengths, {
          beamSize: 3,
          maxLength: 5,
          coveragePenalty: 0.2,
          returnAttention: true,
        }),
      );
      expect(tf.memory().numTensors).toBeGreaterThan(0);
      batch.dispose();
    });
  });
});
