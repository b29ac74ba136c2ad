import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { copyTaskBatches, TinySeq2Seq } from '../test/tiny-model';
import { Trainer } from './node/trainer';

it('leaks no tensors across a 200-step run with evaluations, decoding and checkpoints', async () => {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'heed-leaks-'));
  const before = tf.memory().numTensors;
  const model = new TinySeq2Seq({ sourceVocabSize: 10, targetVocabSize: 10, units: 6 });
  const counts: number[] = [];
  const trainer = new Trainer(model, {
    optimizer: { type: 'adamw', learningRate: 0.01 },
    schedule: { type: 'inverse-sqrt', warmupSteps: 20 },
    clipNorm: 1,
    loss: { type: 'sampled', numSampled: 4 },
    averaging: { decay: 0.99 },
    scheduledSampling: { type: 'linear', end: 0.3, steps: 200 },
    maxSteps: 200,
    evaluation: {
      batches: copyTaskBatches({ batches: 2, batchSize: 2, vocabSize: 10, maxLength: 3, seed: 4 }),
      every: 50,
      detokenize: (ids) => ids.join(' '),
      decode: { sentences: 3, beamSize: 2, maxLength: 6 },
    },
    checkpointEvery: 100,
    runDirectory: directory,
    progress: 'none',
    onStep: () => counts.push(tf.memory().numTensors),
  });
  try {
    const result = await trainer.fit(
      copyTaskBatches({ batches: 5, batchSize: 3, vocabSize: 10, maxLength: 3, seed: 2 }),
    );
    expect(result.steps).toBe(200);
    expect(result.evaluations).toHaveLength(4);
    // Step 1 creates the optimiser's slots; from then on the count never changes.
    expect(counts).toHaveLength(200);
    expect(new Set(counts.slice(1))).toEqual(new Set([counts[0]]));
  } finally {
    trainer.dispose();
    model.dispose();
    await rm(directory, { recursive: true, force: true });
  }
  expect(tf.memory().numTensors).toBe(before);
});
