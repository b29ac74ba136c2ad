import { BOS_ID, EOS_ID, PAD_ID, Random } from '@heed/core';
import { greedyDecode } from '@heed/decoding';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { RnnSeq2Seq, type RnnSeq2SeqConfig } from './rnn-seq2seq';

/**
 * Behaviour, not timing: on the reversal task (target = source reversed),
 * a small model reaches ≥ 99 % exact-sequence accuracy on held-out sentences
 * within a fixed number of Adam steps, on the cpu backend. Seeded: every run
 * trains the same weights. The timeouts allow for a heavily shared machine.
 */

const VOCAB = 12;
const FIRST_WORD = 4;
const MIN_LENGTH = 3;
const MAX_LENGTH = 6;

interface Batch {
  source: tf.Tensor2D;
  lengths: tf.Tensor1D;
  targetInput: tf.Tensor2D;
  targetOutput: tf.Tensor2D;
  sentences: number[][];
}

function makeBatch(random: Random, size: number): Batch {
  const sentences = Array.from({ length: size }, () =>
    Array.from(
      { length: MIN_LENGTH + random.int(MAX_LENGTH - MIN_LENGTH + 1) },
      () => FIRST_WORD + random.int(VOCAB - FIRST_WORD),
    ),
  );
  const pad = (row: number[], width: number) => [
    ...row,
    ...new Array(width - row.length).fill(PAD_ID),
  ];
  const reversed = sentences.map((sentence) => [...sentence].reverse());
  return {
    source: tf.tensor2d(
      sentences.map((s) => pad(s, MAX_LENGTH)),
      undefined,
      'int32',
    ),
    lengths: tf.tensor1d(
      sentences.map((s) => s.length),
      'int32',
    ),
    targetInput: tf.tensor2d(
      reversed.map((s) => pad([BOS_ID, ...s], MAX_LENGTH + 1)),
      undefined,
      'int32',
    ),
    targetOutput: tf.tensor2d(
      reversed.map((s) => pad([...s, EOS_ID], MAX_LENGTH + 1)),
      undefined,
      'int32',
    ),
    sentences,
  };
}

function disposeBatch(batch: Batch): void {
  tf.dispose([batch.source, batch.lengths, batch.targetInput, batch.targetOutput]);
}

/**
 * Mean cross-entropy over the real (non-PAD) target tokens, through one-hot
 * targets (the cpu backend's gather gradient costs one kernel per class).
 * @param logits `[b, T, V]`.
 * @param targets `[b, T]` int32.
 */
function sequenceCrossEntropy(logits: tf.Tensor3D, targets: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const real = tf.cast(tf.notEqual(targets, PAD_ID), 'float32'); // [b, T]
    const picked = tf.sum(tf.mul(tf.oneHot(targets, VOCAB), tf.logSoftmax(logits)), 2); // [b, T]
    return tf.div(tf.neg(tf.sum(tf.mul(picked, real))), tf.sum(real)) as tf.Scalar;
  });
}

async function trainAndEvaluate(
  config: RnnSeq2SeqConfig,
  steps: number,
  learningRate: number,
): Promise<number> {
  const model = new RnnSeq2Seq(config);
  const optimizer = tf.train.adam(learningRate);
  const random = new Random(7);
  for (let step = 0; step < steps; step++) {
    const batch = makeBatch(random, 32);
    const loss = optimizer.minimize(
      () =>
        sequenceCrossEntropy(
          model.forward(batch.source, batch.lengths, batch.targetInput, { training: true }).logits,
          batch.targetOutput,
        ),
      true,
      model.trainableParameters(),
    );
    loss?.dispose();
    disposeBatch(batch);
    // Let the test runner's messages through during a long synchronous run.
    if (step % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  const test = makeBatch(new Random(99), 200);
  const decoded = await greedyDecode(model, test.source, test.lengths, {
    maxLength: MAX_LENGTH + 2,
  });
  const correct = decoded.tokens.filter(
    (tokens, i) => tokens.join(' ') === [...test.sentences[i]!].reverse().join(' '),
  ).length;
  const accuracy = correct / test.sentences.length;
  disposeBatch(test);
  optimizer.dispose();
  model.dispose();
  return accuracy;
}

describe('learning the reversal task on cpu', () => {
  it('GRU encoder + additive attention, Bahdanau placement: ≥ 99 % exact sequences', async () => {
    const accuracy = await trainAndEvaluate(
      {
        sourceVocabSize: VOCAB,
        targetVocabSize: VOCAB,
        encoder: { embeddingDim: 16, hiddenSize: 32, bidirectional: true },
        decoder: { embeddingDim: 16, hiddenSize: 32, placement: 'bahdanau' },
        attention: { type: 'additive', units: 32 },
        seed: 1,
      },
      200,
      1e-2,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.99);
  }, 600_000);

  it('LSTM + general attention, Luong placement with input feeding: ≥ 99 % exact sequences', async () => {
    const accuracy = await trainAndEvaluate(
      {
        sourceVocabSize: VOCAB,
        targetVocabSize: VOCAB,
        encoder: { embeddingDim: 16, hiddenSize: 32, cell: 'lstm', bidirectional: true },
        decoder: {
          embeddingDim: 16,
          hiddenSize: 32,
          cell: 'lstm',
          placement: 'luong',
          inputFeeding: true,
        },
        attention: { type: 'general' },
        seed: 1,
      },
      250,
      2e-2,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.99);
  }, 600_000);
});
