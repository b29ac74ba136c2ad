import { HeedError } from '@heed/core';
import { expectNoLeaks } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceBatch } from '../test/batches';
import { greedyReference } from '../test/exhaustive-search';
import { randomAttentionScores, randomTable, TabularModel } from '../test/tabular-model';
import { beamSearch } from './beam-search';
import { greedyDecode } from './greedy-decode';

const model = new TabularModel({
  logits: randomTable(1, 4, 6, 6),
  attentionScores: randomAttentionScores(2, 6, 6, 5),
  maxSourceLength: 5,
});

afterAll(() => model.dispose());

describe('greedyDecode', () => {
  it('follows the most probable token of every sentence, stopping at EOS or maxLength', async () => {
    const batch = sourceBatch([0, 1, 2, 3], [3, 5, 1, 4]);
    const result = await expectNoLeaks(() =>
      greedyDecode(model, batch.source, batch.sourceLengths, { maxLength: 6 }),
    );
    [0, 1, 2, 3].forEach((first, i) => {
      const reference = greedyReference(model, first, 6);
      expect(result.tokens[i]).toEqual(reference.tokens);
      expect(result.reachedEos[i]).toBe(reference.reachedEos);
      expect(result.scores[i]).toBeCloseTo(reference.logProb, 4);
    });
    expect(result.attention).toBeUndefined();
    batch.dispose();
  });

  it('returns one attention row per token plus the EOS step, zero on padding', async () => {
    const batch = sourceBatch([0, 1, 2, 3], [3, 5, 1, 4]);
    const result = await greedyDecode(model, batch.source, batch.sourceLengths, {
      maxLength: 6,
      returnAttention: true,
    });
    const lengths = [3, 5, 1, 4];
    result.tokens.forEach((tokens, i) => {
      const rows = result.attention?.[i] ?? [];
      expect(rows.length).toBe(tokens.length + (result.reachedEos[i] ? 1 : 0));
      const previous = [1, ...tokens];
      rows.forEach((row, step) => {
        expect(row.length).toBe(5);
        const wanted = model.attentionWeights(step, previous[step] ?? 0, lengths[i] ?? 0);
        wanted.forEach((weight, j) => {
          expect(row[j]).toBeCloseTo(weight, 5);
        });
        for (let j = lengths[i] ?? 0; j < 5; j++) expect(row[j]).toBe(0);
      });
    });
    batch.dispose();
  });

  it('never emits EOS before minLength', async () => {
    const eosFirst = new TabularModel({
      logits: [[[0, 0, 5, 0].map(() => [0, 0, 5, 1])]],
      maxSourceLength: 2,
    });
    const batch = sourceBatch([0], [2]);
    const free = await greedyDecode(eosFirst, batch.source, batch.sourceLengths, { maxLength: 5 });
    const held = await greedyDecode(eosFirst, batch.source, batch.sourceLengths, {
      maxLength: 5,
      minLength: 3,
    });
    expect(free.tokens[0]).toEqual([]);
    expect(free.reachedEos[0]).toBe(true);
    expect(held.tokens[0]).toEqual([3, 3, 3]);
    expect(held.reachedEos[0]).toBe(true);
    batch.dispose();
    eosFirst.dispose();
  });

  it('returns empty results for an empty batch', async () => {
    const source = tf.zeros([0, 3], 'int32') as tf.Tensor2D;
    const sourceLengths = tf.zeros([0], 'int32') as tf.Tensor1D;
    const greedy = await expectNoLeaks(() => greedyDecode(model, source, sourceLengths));
    const beams = await expectNoLeaks(() => beamSearch(model, source, sourceLengths));
    expect(greedy).toEqual({ tokens: [], scores: [], reachedEos: [] });
    expect(beams).toEqual({ hypotheses: [] });
    tf.dispose([source, sourceLengths]);
  });

  it('reports a clear error for bad inputs', async () => {
    const batch = sourceBatch([0], [2]);
    const floatLengths = tf.tensor1d([2]);
    await expect(
      greedyDecode(model, batch.source, batch.sourceLengths, { maxLength: 0 }),
    ).rejects.toThrow('greedyDecode: maxLength must be a positive integer. Received: maxLength=0');
    await expect(
      greedyDecode(model, batch.source, batch.sourceLengths, { eosId: 6 }),
    ).rejects.toThrow('greedyDecode: eosId must be a token id in [0, 6). Received: eosId=6');
    await expect(greedyDecode(model, batch.source, floatLengths as tf.Tensor1D)).rejects.toThrow(
      HeedError,
    );
    await expect(
      greedyDecode(model, batch.source, batch.sourceLengths, { beamSize: 2 } as object),
    ).rejects.toThrow("greedyDecode: unknown option 'beamSize'");
    floatLengths.dispose();
    batch.dispose();
  });
});
