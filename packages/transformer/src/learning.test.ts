import { Random } from '@heed/core';
import { greedyDecode } from '@heed/decoding';
import { maskedCrossEntropy } from '@heed/losses';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Transformer } from './transformer';

const BOS = 1;
const EOS = 2;
const VOCAB = 10; // ids 4..9 are content tokens

/** A batch of the copy task: source tokens, BOS + source, source + EOS. */
function copyBatch(random: Random, size: number) {
  const sequences = Array.from({ length: size }, () =>
    Array.from({ length: 3 + random.int(4) }, () => 4 + random.int(VOCAB - 4)),
  );
  const S = Math.max(...sequences.map((s) => s.length));
  const pad = (row: number[], length: number) => [...row, ...Array(length - row.length).fill(0)];
  return {
    sequences,
    source: tf.tensor2d(
      sequences.map((s) => pad(s, S)),
      undefined,
      'int32',
    ),
    lengths: tf.tensor1d(
      sequences.map((s) => s.length),
      'int32',
    ),
    targetInput: tf.tensor2d(
      sequences.map((s) => pad([BOS, ...s], S + 1)),
      undefined,
      'int32',
    ),
    targetOutput: tf.tensor2d(
      sequences.map((s) => pad([...s, EOS], S + 1)),
      undefined,
      'int32',
    ),
  };
}

describe('Transformer learns', () => {
  it('to copy sequences: ≥ 99 % exact-match greedy decoding within 250 steps on cpu', async () => {
    const model = new Transformer({
      sourceVocabSize: VOCAB,
      targetVocabSize: VOCAB,
      modelDim: 32,
      heads: 2,
      encoderLayers: 1,
      decoderLayers: 1,
      feedForwardDim: 64,
      dropout: 0,
      maxLength: 16,
      seed: 1,
    });
    const random = new Random(7);
    // Two phases: a high learning rate to learn the alignment, a low one to settle.
    for (const [steps, learningRate] of [
      [150, 5e-3],
      [100, 1e-3],
    ] as const) {
      const optimizer = tf.train.adam(learningRate);
      for (let step = 0; step < steps; step++) {
        const batch = copyBatch(random, 32);
        optimizer.minimize(
          () => {
            const { logits } = model.forward(batch.source, batch.lengths, batch.targetInput, {
              training: true,
            });
            return maskedCrossEntropy(logits, batch.targetOutput).loss as tf.Scalar;
          },
          false,
          model.trainableParameters(),
        );
        tf.dispose([batch.source, batch.lengths, batch.targetInput, batch.targetOutput]);
        if (step % 10 === 0) await new Promise(setImmediate); // keep the test runner responsive
      }
      optimizer.dispose();
    }
    const test = copyBatch(new Random(99), 200);
    const { tokens } = await greedyDecode(model, test.source, test.lengths, { maxLength: 8 });
    const exact = tokens.filter((row, i) => row.join() === test.sequences[i]?.join());
    expect(exact.length / tokens.length).toBeGreaterThanOrEqual(0.99);
    tf.dispose([test.source, test.lengths, test.targetInput, test.targetOutput]);
    model.dispose();
  }, 600_000);
});
