import { expectNoLeaks, expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { sourceBatch } from './batches';
import { randomAttentionScores, randomTable, TabularModel } from './tabular-model';

describe('TabularModel (the decoding tests’ toy model)', () => {
  it('forward gives, at each target position, the table row of (source, step, previous token)', async () => {
    const model = new TabularModel({
      logits: randomTable(3, 2, 3, 5),
      attentionScores: randomAttentionScores(4, 3, 5, 3),
      maxSourceLength: 3,
    });
    const batch = sourceBatch([1, 0], [3, 2]);
    const targetInput = tf.tensor2d(
      [
        [1, 4, 3, 3],
        [1, 2, 0, 4],
      ],
      undefined,
      'int32',
    );
    await expectNoLeaks(() => {
      const { logits, hidden, attention } = model.forward(
        batch.source,
        batch.sourceLengths,
        targetInput,
      );
      const wanted = [1, 0].map((first, i) =>
        (targetInput.arraySync() as number[][])[i]?.map((previous, step) =>
          model.logProbs(first, step, previous),
        ),
      );
      tf.tidy(() =>
        expectTensorsClose(tf.logSoftmax(logits), wanted as number[][][], { atol: 1e-5 }),
      );
      expect(hidden.shape).toEqual([2, 4, 5]);
      expect(attention?.shape).toEqual([2, 4, 3]);
      tf.dispose([logits, hidden, attention]);
    });
    tf.dispose(targetInput);
    batch.dispose();
    model.dispose();
  });
});
