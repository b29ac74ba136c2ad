import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { sourceBatch } from '../test/batches';
import { CachedTabularModel } from '../test/cached-tabular-model';
import { exhaustiveSearch } from '../test/exhaustive-search';
import { expectReferenceNBest } from '../test/expect-reference';
import { after, row } from '../test/hand-tables';
import {
  type LogitTable,
  randomAttentionScores,
  randomTable,
  TabularModel,
} from '../test/tabular-model';
import { type BeamSearchOptions, beamSearch } from './beam-search';
import type { EarlyStopping } from './early-stopping';
import { greedyDecode } from './greedy-decode';
import type { Hypothesis } from './rank-hypotheses';

const RULES: EarlyStopping[] = ['bound', 'k-finished', 'never'];
const SETTINGS = RULES.flatMap((earlyStopping) =>
  [true, false].map((refill) => ({ earlyStopping, refill })),
);
const FIRSTS = [0, 1, 2];
const LENGTHS = [2, 4, 3];

function tableModel(seed: number, V = 5, steps = 4, Model = TabularModel) {
  return new Model({
    logits: randomTable(seed, 3, steps, V),
    attentionScores: randomAttentionScores(seed + 1, steps, V, 4),
    maxSourceLength: 4,
  });
}

const log = Math.log;

async function search(
  model: TabularModel,
  options: BeamSearchOptions,
  firsts = FIRSTS,
  lengths = LENGTHS,
): Promise<Hypothesis[][]> {
  const batch = sourceBatch(firsts, lengths);
  try {
    return (await beamSearch(model, batch.source, batch.sourceLengths, options)).hypotheses;
  } finally {
    batch.dispose();
  }
}

const tokensOf = (list: Hypothesis[][]) =>
  list.map((hypotheses) => hypotheses.map((h) => h.tokens));

describe('beamSearch stopping rules and slots', () => {
  for (const { earlyStopping, refill } of SETTINGS) {
    for (const lengthPenalty of [0, 0.8]) {
      it(`as wide as the search space equals exhaustive search (${earlyStopping}, refill ${refill}, α=${lengthPenalty})`, async () => {
        const model = tableModel(7);
        const found = await search(model, {
          beamSize: 400,
          nBest: 6,
          maxLength: 4,
          lengthPenalty,
          earlyStopping,
          refill,
        });
        FIRSTS.forEach((first, i) => {
          const all = exhaustiveSearch(model, first, LENGTHS[i] ?? 0, {
            maxLength: 4,
            lengthPenalty,
          });
          expect(all.length).toBe(1 + 4 + 16 + 64 + 256);
          const list = found[i] ?? [];
          expect(list.map((h) => h.tokens)).toEqual(all.slice(0, 6).map((h) => h.tokens));
          list.forEach((hypothesis, rank) => {
            expect(hypothesis.score).toBeCloseTo(all[rank]?.score ?? Number.NaN, 4);
          });
        });
        model.dispose();
      });
    }
  }

  it('matches a float64 reference search of each rule at widths 1 to 4 (random tables)', async () => {
    for (const seed of [3, 19]) {
      const model = tableModel(seed, 6, 6);
      for (const setting of SETTINGS) {
        for (const beamSize of [1, 2, 3, 4]) {
          for (const [lengthPenalty, nBest] of [0, 0.6, 1.5].flatMap((a): [number, number][] => [
            [a, beamSize],
            [a, 1],
          ])) {
            const options = { ...setting, beamSize, nBest, maxLength: 6, lengthPenalty };
            expectReferenceNBest(await search(model, options), model, FIRSTS, options);
          }
        }
      }
      model.dispose();
    }
  });

  it("'bound' is exact with the coverage penalty too (it then runs until no beam is alive)", async () => {
    const model = tableModel(11);
    const options = { maxLength: 4, lengthPenalty: 0.6, coveragePenalty: 0.4 };
    const found = await search(model, { ...options, beamSize: 400, nBest: 3 }, [0, 1], [4, 3]);
    [0, 1].forEach((first, i) => {
      const all = exhaustiveSearch(model, first, [4, 3][i] ?? 0, options);
      expect(found[i]?.map((h) => h.tokens)).toEqual(all.slice(0, 3).map((h) => h.tokens));
    });
    model.dispose();
  });

  it("'bound' is never worse than 'k-finished' and gives the n-best of 'never' for any nBest (random tables)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(0, 0.6, 1.5),
        fc.boolean(),
        async (seed, beamSize, lengthPenalty, refill) => {
          const model = tableModel(seed, 6, 6);
          const nBest = 1 + (seed % beamSize);
          const options = { beamSize, nBest, maxLength: 6, lengthPenalty, refill };
          const bound = await search(model, { ...options, earlyStopping: 'bound' });
          const kFinished = await search(model, { ...options, earlyStopping: 'k-finished' });
          const never = await search(model, { ...options, earlyStopping: 'never' });
          model.dispose();
          bound.forEach((list, i) => {
            const best = list[0]?.score ?? Number.NaN;
            expect(best).toBeGreaterThanOrEqual((kFinished[i]?.[0]?.score ?? Number.NaN) - 1e-6);
            expect(list.map((h) => h.tokens)).toEqual(never[i]?.map((h) => h.tokens));
          });
        },
      ),
      { numRuns: 15 },
    );
  });

  it('with beamSize 1 equals greedy decoding (every rule without refill; every rule at α=0)', async () => {
    const model = tableModel(13, 6, 6);
    const batch = sourceBatch(FIRSTS, LENGTHS);
    const greedy = await greedyDecode(model, batch.source, batch.sourceLengths, { maxLength: 6 });
    batch.dispose();
    const cases = [
      ...SETTINGS.filter(({ refill }) => !refill).map((s) => ({ ...s, lengthPenalty: 1 })),
      ...SETTINGS.map((s) => ({ ...s, lengthPenalty: 0 })),
      { earlyStopping: 'k-finished' as const, refill: true, lengthPenalty: 1 },
    ];
    for (const setting of cases) {
      const found = await search(model, { ...setting, beamSize: 1, maxLength: 6 });
      found.forEach(([best], i) => {
        expect(best?.tokens).toEqual(greedy.tokens[i]);
        expect(best?.reachedEos).toBe(greedy.reachedEos[i]);
        expect(best?.logProb).toBe(greedy.scores[i]);
      });
    }
    model.dispose();
  });

  it('gives every sentence of a batch the result it gets alone, under every rule', async () => {
    const model = tableModel(5, 6, 6);
    const firsts = [2, 0, 1, 0];
    const lengths = [3, 1, 4, 2];
    for (const setting of SETTINGS) {
      const options = { ...setting, beamSize: 3, nBest: 3, maxLength: 6, lengthPenalty: 1 };
      const together = await search(model, options, firsts, lengths);
      for (let i = 0; i < firsts.length; i++) {
        const alone = await search(model, options, [firsts[i] ?? 0], [lengths[i] ?? 0]);
        expect(tokensOf([together[i] ?? []])).toEqual(tokensOf(alone));
        together[i]?.forEach((h, rank) => {
          expect(h.score).toBeCloseTo(alone[0]?.[rank]?.score ?? Number.NaN, 5);
        });
      }
    }
    model.dispose();
  });

  it('a recurrent-state and a growing-cache model with the same table give the same n-best', async () => {
    const recurrent = tableModel(17, 6, 6);
    const cached = tableModel(17, 6, 6, CachedTabularModel);
    const before = tf.memory().numTensors;
    for (const setting of SETTINGS) {
      const options = { ...setting, beamSize: 3, nBest: 3, maxLength: 6, lengthPenalty: 0.6 };
      const fromRecurrent = await search(recurrent, options, [2, 0, 1, 0], [3, 1, 4, 2]);
      const fromCached = await search(cached, options, [2, 0, 1, 0], [3, 1, 4, 2]);
      expect(tokensOf(fromCached)).toEqual(tokensOf(fromRecurrent));
      fromCached.forEach((list, i) => {
        list.forEach((h, rank) => {
          expect(h.score).toBeCloseTo(fromRecurrent[i]?.[rank]?.score ?? Number.NaN, 5);
        });
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    recurrent.dispose();
    cached.dispose();
  });

  it("a table where 'k-finished' stops on a worse answer than greedy, and 'bound' does not", async () => {
    // maxLength 4.
    const table: LogitTable = [
      [
        after({ 1: row(0.3, 0.5, 0.1, 0.1) }), // step 0: EOS 0.3 finishes, a 0.5 and b 0.1 stay alive
        after({ 3: row(0.098, 0.9, 0.001, 0.001), 4: row(0.9, 0.05, 0.025, 0.025) }), // step 1: b EOS 0.09 finishes
        after({ 3: row(0.9, 0.05, 0.025, 0.025) }), // step 2: a a EOS 0.405
        after({}),
      ],
    ];
    const model = new TabularModel({ logits: table, maxSourceLength: 2 });
    const options = { beamSize: 2, maxLength: 4 };
    const steps = vi.spyOn(model, 'step');
    const kFinished = await search(model, { ...options, earlyStopping: 'k-finished' }, [0], [2]);
    expect(steps).toHaveBeenCalledTimes(2);
    steps.mockClear();
    const bound = await search(model, { ...options, earlyStopping: 'bound' }, [0], [2]);
    expect(steps).toHaveBeenCalledTimes(3); // stops once a a EOS (0.405) is found: it beats alive 0.0225
    steps.mockClear();
    const never = await search(model, { ...options, earlyStopping: 'never' }, [0], [2]);
    expect(steps).toHaveBeenCalledTimes(4);
    expect(never[0]?.[0]?.tokens).toEqual(bound[0]?.[0]?.tokens);
    const keepingSlots = await search(model, { ...options, refill: false }, [0], [2]);
    const greedy = await search(model, { ...options, beamSize: 1 }, [0], [2]);
    const exhaustive = exhaustiveSearch(model, 0, 2, { maxLength: 4 })[0];
    model.dispose();
    expect(kFinished[0]?.[0]?.tokens).toEqual([]); // EOS alone: 0.3
    expect(kFinished[0]?.[0]?.logProb).toBeCloseTo(log(0.3), 5);
    expect(greedy[0]?.[0]?.tokens).toEqual([3, 3]); // a a EOS: 0.5 · 0.9 · 0.9 = 0.405
    for (const found of [bound, keepingSlots]) {
      expect(found[0]?.[0]?.tokens).toEqual(exhaustive?.tokens);
      expect(found[0]?.[0]?.logProb).toBeCloseTo(log(0.405), 5);
    }
  });

  it("'bound' stops once the nBest-th best finished hypothesis is safe, not the k-th", async () => {
    // Step 0: EOS 0.6 finishes; a 0.3 and b 0.05 stay alive and can only fall below 0.6.
    const table: LogitTable = [
      [after({ 1: row(0.6, 0.3, 0.05, 0.05) }), after({}), after({}), after({})],
    ];
    const model = new TabularModel({ logits: table, maxSourceLength: 2 });
    const steps = vi.spyOn(model, 'step');
    const options = { beamSize: 3, maxLength: 4, earlyStopping: 'bound' as const };
    const best = await search(model, { ...options, nBest: 1 }, [0], [2]);
    expect(steps).toHaveBeenCalledTimes(1);
    steps.mockClear();
    const three = await search(model, { ...options, nBest: 3 }, [0], [2]);
    expect(steps.mock.calls.length).toBeGreaterThan(1);
    const never = await search(model, { ...options, earlyStopping: 'never', nBest: 3 }, [0], [2]);
    model.dispose();
    expect(best[0]?.map((h) => h.tokens)).toEqual([[]]);
    expect(best[0]?.[0]?.logProb).toBeCloseTo(log(0.6), 5);
    expect(three[0]?.map((h) => h.tokens)).toEqual(never[0]?.map((h) => h.tokens));
  });

  it('rejects unknown rules and non-boolean refill', async () => {
    const model = tableModel(1);
    await expect(search(model, { earlyStopping: 'sometimes' as EarlyStopping })).rejects.toThrow(
      'beamSearch: earlyStopping must be one of',
    );
    await expect(search(model, { refill: 1 as unknown as boolean })).rejects.toThrow(
      'beamSearch: refill must be a boolean. Received: refill=1',
    );
    model.dispose();
  });
});
