import { expectNoLeaks } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { sourceBatch } from '../test/batches';
import { randomAttentionScores, randomTable, TabularModel } from '../test/tabular-model';
import { beamSearch } from './beam-search';
import { greedyDecode } from './greedy-decode';
import { sample } from './sample';

describe('decoders and tensor lifetimes', () => {
  it('keep tf.memory().numTensors constant over 100 decoded batches', async () => {
    const model = new TabularModel({
      logits: randomTable(21, 3, 6, 6),
      attentionScores: randomAttentionScores(22, 6, 6, 5),
      maxSourceLength: 5,
    });
    const batch = sourceBatch([0, 1, 2, 0, 1], [5, 1, 3, 2, 4]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      const returnAttention = i % 2 === 0;
      const decode = [
        () =>
          greedyDecode(model, batch.source, batch.sourceLengths, { maxLength: 6, returnAttention }),
        () =>
          beamSearch(model, batch.source, batch.sourceLengths, {
            beamSize: 1 + (i % 4),
            maxLength: 6,
            minLength: i % 3,
            coveragePenalty: i % 5 === 1 ? 0.1 : 0,
            pruneMargin: i % 7 === 1 ? 0.5 : Number.POSITIVE_INFINITY,
            returnAttention,
          }),
        () =>
          sample(model, batch.source, batch.sourceLengths, {
            seed: i,
            maxLength: 6,
            topK: i % 4,
            topP: 0.9,
            returnAttention,
          }),
      ][i % 3];
      await decode?.();
      expect(tf.memory().numTensors).toBe(before);
    }
    batch.dispose();
    model.dispose();
  });

  it('leak nothing when the model cannot give the attention asked for', async () => {
    const withoutAttention = new TabularModel({
      logits: randomTable(1, 1, 2, 4),
      maxSourceLength: 2,
      withAttention: false,
    });
    const batch = sourceBatch([0], [2]);
    await expectNoLeaks(async () => {
      await expect(
        beamSearch(withoutAttention, batch.source, batch.sourceLengths, { coveragePenalty: 1 }),
      ).rejects.toThrow("beamSearch: the model's step returned no attention");
      await expect(
        greedyDecode(withoutAttention, batch.source, batch.sourceLengths, {
          returnAttention: true,
        }),
      ).rejects.toThrow("greedyDecode: the model's step returned no attention");
    });
    batch.dispose();
    withoutAttention.dispose();
  });
});
