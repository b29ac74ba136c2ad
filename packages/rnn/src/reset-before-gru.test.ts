import { expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { GruCell, LstmCell } from './cells';
import { Rnn } from './rnn';
import { RnnSeq2Seq } from './rnn-seq2seq';

const config = {
  sourceVocabSize: 9,
  targetVocabSize: 8,
  encoder: { embeddingDim: 4, hiddenSize: 5, bidirectional: true, resetAfter: false },
  decoder: { embeddingDim: 3, hiddenSize: 6, resetAfter: false, placement: 'luong' as const },
  attention: { type: 'general' as const },
  seed: 4,
};

describe('reset-before GRU (resetAfter: false)', () => {
  it('survives a checkpoint round trip with its config and outputs', async () => {
    const model = new RnnSeq2Seq(config);
    expect(model.getConfig().encoder.resetAfter).toBe(false);
    expect(model.getConfig().decoder.resetAfter).toBe(false);
    const loaded = await RnnSeq2Seq.load(await model.toCheckpointFiles());
    expect(loaded.getConfig()).toEqual(model.getConfig());
    expect(loaded.encoder.rnn.resetAfter).toBe(false);
    expect(loaded.decoder.rnn.resetAfter).toBe(false);
    tf.tidy(() => {
      const source = tf.tensor2d(
        [
          [4, 5, 2],
          [6, 2, 0],
        ],
        undefined,
        'int32',
      );
      const lengths = tf.tensor1d([3, 2], 'int32');
      const target = tf.tensor2d(
        [
          [1, 5, 3],
          [1, 4, 2],
        ],
        undefined,
        'int32',
      );
      expectTensorsClose(
        loaded.forward(source, lengths, target).logits,
        model.forward(source, lengths, target).logits,
        { atol: 0 },
      );
    });
    model.dispose();
    loaded.dispose();
  });

  it('computes another function than the reset-after GRU on the same weights', () => {
    const before = new Rnn({ inputSize: 3, hiddenSize: 4, resetAfter: false, seed: 1 });
    const after = new Rnn({ inputSize: 3, hiddenSize: 4, seed: 1 });
    tf.tidy(() => {
      const x = tf.randomNormal([2, 3, 3], 0, 1, 'float32', 2) as tf.Tensor3D;
      const difference = tf.max(
        tf.abs(tf.sub(before.forward(x).outputs, after.forward(x).outputs)),
      );
      expect(difference.dataSync()[0]).toBeGreaterThan(1e-3);
    });
    expect(Rnn.fromConfig(before.getConfig()).resetAfter).toBe(false);
    before.dispose();
    after.dispose();
  });

  it('is a GRU option: an LSTM refuses it', () => {
    expect(() => new Rnn({ cell: 'lstm', inputSize: 3, hiddenSize: 4, resetAfter: false })).toThrow(
      "Rnn: resetAfter can be false for a GRU only (the cell is 'lstm'). Received: resetAfter=false",
    );
    expect(() => new LstmCell({ inputSize: 3, hiddenSize: 4, resetAfter: false })).toThrow(
      "LstmCell: resetAfter can be false for a GRU only (the cell is 'lstm')",
    );
    const cell = new GruCell({ inputSize: 3, hiddenSize: 4, resetAfter: false });
    expect(GruCell.fromConfig(cell.getConfig()).resetAfter).toBe(false);
    cell.dispose();
  });
});
