import type { ReadCounter } from '@heed/core/testing';
import { greedyDecode } from '@heed/decoding';
import { maskedCrossEntropy } from '@heed/losses';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectSameAsCpu,
  lossAndGradients,
  portabilityBackends,
} from '../../../tooling/portability-backends';
import { RnnSeq2Seq, type RnnSeq2SeqConfig } from './rnn-seq2seq';

// On a backend heed has no kernels for (a GPU, a native runtime), every op
// runs its TF.js composite. There a read of tensor data back to JavaScript is
// a device sync: a training step may read nothing that grows with the
// sequence length, and greedy decoding at most a couple of small tensors per
// step. And the composites must compute what the cpu backend does.

const CONFIGS: [string, Omit<RnnSeq2SeqConfig, 'sourceVocabSize' | 'targetVocabSize'>][] = [
  [
    'GRU, additive, Bahdanau placement',
    {
      encoder: { embeddingDim: 6, hiddenSize: 5, bidirectional: true },
      decoder: { embeddingDim: 6, hiddenSize: 7 },
      attention: { type: 'additive', units: 4 },
    },
  ],
  [
    'LSTM, general, Luong placement',
    {
      encoder: { embeddingDim: 6, hiddenSize: 5, cell: 'lstm' },
      decoder: { embeddingDim: 6, hiddenSize: 7, cell: 'lstm', placement: 'luong' },
      attention: { type: 'general' },
    },
  ],
];

/** A batch of `b` rows of length `T` (the last row shorter), ids in [4, V). */
function batch(b: number, T: number, V: number, seed: number) {
  const ids = (s: number) => tf.randomUniform([b, T], 4, V, 'int32', s) as tf.Tensor2D;
  const lengths = tf.tensor1d(
    Array.from({ length: b }, (_, i) => (i === b - 1 ? T - 2 : T)),
    'int32',
  );
  return { source: ids(seed), lengths, target: ids(seed + 1), targetInput: ids(seed + 2) };
}

describe.each(portabilityBackends())('RnnSeq2Seq on %s', (_, tested) => {
  let counter: ReadCounter;

  beforeAll(async () => {
    counter = await tested.use();
  });

  afterAll(async () => {
    await tf.setBackend('cpu');
    tested.release();
  });

  describe.each(CONFIGS)('%s', (_, config) => {
    const V = 12;
    const create = () =>
      new RnnSeq2Seq({ sourceVocabSize: V, targetVocabSize: V, seed: 1, ...config });

    it('reads nothing back in a training step that grows with the sequence length', () => {
      const model = create();
      const optimizer = tf.train.adam(1e-2);
      const readsAt = (T: number) => {
        const before = tf.memory().numTensors;
        const data = batch(3, T, V, T);
        counter.reset();
        optimizer.minimize(() => {
          const { logits } = model.forward(data.source, data.lengths, data.targetInput, {
            training: true,
          });
          return maskedCrossEntropy(logits, data.target).loss as tf.Scalar;
        });
        const reads = counter.reads();
        tf.dispose(Object.values(data));
        return { reads, added: tf.memory().numTensors - before };
      };
      readsAt(4); // creates the optimizer's slots
      const short = readsAt(5);
      const long = readsAt(10);
      expect(long.reads).toBe(short.reads);
      expect([short.added, long.added]).toEqual([0, 0]);
      optimizer.dispose();
      model.dispose();
    });

    it('reads at most two small tensors per greedy decoding step', async () => {
      const model = create();
      const data = batch(3, 6, V, 7);
      const maxLength = 12;
      counter.reset();
      const result = await greedyDecode(model, data.source, data.lengths, { maxLength });
      const steps = Math.max(...result.tokens.map((tokens) => tokens.length));
      expect(counter.reads()).toBeLessThanOrEqual(2 * (steps + 1));
      tf.dispose(Object.values(data));
      model.dispose();
    });

    it("computes the cpu backend's loss and gradients", async () => {
      await expectSameAsCpu(async () => {
        const model = create();
        const data = batch(3, 5, V, 5);
        const values = await lossAndGradients(model.parameters(), () => {
          const { logits } = model.forward(data.source, data.lengths, data.targetInput);
          return maskedCrossEntropy(logits, data.target).loss as tf.Scalar;
        });
        tf.dispose(Object.values(data));
        model.dispose();
        return values;
      });
    });
  });
});
