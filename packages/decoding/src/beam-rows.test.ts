import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { sourceBatch } from '../test/batches';
import { expectReferenceNBest } from '../test/expect-reference';
import { after, row } from '../test/hand-tables';
import { type LogitTable, randomTable, TabularModel } from '../test/tabular-model';
import { BeamLayout } from './beam-layout';
import { type BeamSearchOptions, beamSearch } from './beam-search';
import type { Hypothesis } from './rank-hypotheses';

const log = Math.log;

/** The n-best of each sentence, and the decoder rows of each `model.step`. */
async function searchCountingRows(
  model: TabularModel,
  options: BeamSearchOptions,
  firsts: number[],
  lengths: number[],
): Promise<{ hypotheses: Hypothesis[][]; rows: number[] }> {
  const step = vi.spyOn(model, 'step');
  const batch = sourceBatch(firsts, lengths);
  try {
    const { hypotheses } = await beamSearch(model, batch.source, batch.sourceLengths, options);
    return { hypotheses, rows: step.mock.calls.map(([previous]) => previous.shape[0]) };
  } finally {
    batch.dispose();
    step.mockRestore();
  }
}

describe('BeamLayout', () => {
  it("lines each slot's rows up in blocks of a fixed width, padding with the row past the last", () => {
    const layout = new BeamLayout([2, 0, 3]);
    expect(layout.rows).toBe(5);
    expect([0, 1, 2].map((slot) => layout.offset(slot))).toEqual([0, 2, 2]);
    expect(Array.from(layout.padded(3))).toEqual([0, 1, 5, 5, 5, 5, 2, 3, 4]);
    expect(layout.sameCounts(new BeamLayout([2, 0, 3]))).toBe(true);
    expect(layout.sameCounts(new BeamLayout([2, 1, 2]))).toBe(false);
    expect(layout.sameCounts(new BeamLayout([2, 0]))).toBe(false);
  });
});

describe('beamSearch decoder rows', () => {
  // maxLength 4. Step 0: EOS 0.3 finishes; a 0.5 stays, b and c (0.1) can never beat 0.3.
  // Step 1: a a 0.4 stays, a EOS 0.05 finishes; a b and a c (0.025) can never beat 0.3.
  // Step 2: a a EOS 0.36 finishes and beats every alive hypothesis: the search ends.
  const table: LogitTable = [
    [
      after({ 1: row(0.3, 0.5, 0.1, 0.1) }),
      after({ 3: row(0.1, 0.8, 0.05, 0.05) }),
      after({ 3: row(0.9, 0.05, 0.025, 0.025) }),
      after({}),
    ],
  ];

  it("start one row per sentence and spend rows only on hypotheses that can still enter the n-best ('bound')", async () => {
    const model = new TabularModel({ logits: table, maxSourceLength: 2 });
    const options = { beamSize: 3, maxLength: 4, lengthPenalty: 0 };
    const bound = await searchCountingRows(model, options, [0, 0], [2, 2]);
    const never = await searchCountingRows(
      model,
      { ...options, earlyStopping: 'never' },
      [0, 0],
      [2, 2],
    );
    model.dispose();
    expect(bound.rows).toEqual([2, 2, 2]);
    expect(never.rows).toEqual([2, 6, 6, 6]); // every alive hypothesis, to maxLength
    for (const found of [bound, never]) {
      for (const list of found.hypotheses) {
        expect(list.map((h) => h.tokens)).toEqual([[3, 3]]);
        expect(list[0]?.logProb).toBeCloseTo(log(0.5 * 0.8 * 0.9), 5);
      }
    }
  });

  it('give the same n-best as the float64 reference however many rows they drop (random tables)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 2, max: 5 }),
        fc.constantFrom(0, 0.6, 1.5),
        async (seed, beamSize, lengthPenalty) => {
          // Peaked tables (logits ×4), so hypotheses finish early and others fall behind.
          const logits = randomTable(seed, 3, 6, 6).map((steps) =>
            steps.map((rows) => rows.map((logit) => logit.map((value) => 4 * value))),
          );
          const model = new TabularModel({ logits, maxSourceLength: 4 });
          const nBest = 1 + (seed % beamSize);
          const options = {
            beamSize,
            nBest,
            maxLength: 6,
            lengthPenalty,
            earlyStopping: 'bound' as const,
            refill: true,
          };
          const found = await searchCountingRows(model, options, [0, 1, 2], [2, 4, 3]);
          expectReferenceNBest(found.hypotheses, model, [0, 1, 2], options);
          for (const rows of found.rows) expect(rows).toBeLessThanOrEqual(3 * beamSize);
          model.dispose();
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('beamSearch pruneMargin', () => {
  // maxLength 3. After BOS: a 0.44, b 0.33 (log-prob 0.288 behind a), c 0.22.
  // Beam 2 keeps a and b and finds b EOS (0.198); without b it finds a EOS (0.123).
  const table: LogitTable = [
    [
      after({ 1: row(0.01, 0.44, 0.33, 0.22) }),
      after({ 3: row(0.28, 0.25, 0.24, 0.23), 4: row(0.6, 0.2, 0.1, 0.1) }),
      after({}),
    ],
  ];

  for (const [margin, tokens, rows] of [
    [Number.POSITIVE_INFINITY, [4], [1, 2]],
    [0.3, [4], [1, 2]],
    [0.2, [3], [1, 1]],
  ] as const) {
    it(`drops hypotheses trailing the best alive one by more than the margin (${margin})`, async () => {
      const model = new TabularModel({ logits: table, maxSourceLength: 2 });
      const found = await searchCountingRows(
        model,
        { beamSize: 2, maxLength: 3, pruneMargin: margin },
        [0],
        [2],
      );
      model.dispose();
      expect(found.hypotheses[0]?.[0]?.tokens).toEqual(tokens);
      expect(found.rows).toEqual(rows);
    });
  }

  it('rejects a margin that is not a positive number', async () => {
    const model = new TabularModel({ logits: table, maxSourceLength: 2 });
    for (const margin of [0, -1, Number.NaN, '1']) {
      await expect(
        searchCountingRows(model, { pruneMargin: margin as number }, [0], [2]),
      ).rejects.toThrow('beamSearch: pruneMargin must be a positive number');
    }
    model.dispose();
  });
});
