import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyTaskBatches, TinySeq2Seq } from '../test/tiny-model';
import { Trainer } from './node/trainer';
import type { TrainerOptions } from './trainer-options';

const VOCAB = 12;
const train = copyTaskBatches({
  batches: 3,
  batchSize: 4,
  vocabSize: VOCAB,
  maxLength: 4,
  seed: 5,
});
const valid = copyTaskBatches({
  batches: 1,
  batchSize: 4,
  vocabSize: VOCAB,
  maxLength: 4,
  seed: 6,
});

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'heed-resume-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const SETUPS: Record<string, Omit<TrainerOptions, 'maxSteps'>> = {
  'AdamW, linear warm-up, clipping, sampled softmax, scheduled sampling': {
    optimizer: { type: 'adamw', learningRate: 0.05, weightDecay: 0.1 },
    schedule: { type: 'linear', warmupSteps: 3, totalSteps: 12 },
    clipNorm: 0.5,
    loss: { type: 'sampled', numSampled: 6 },
    scheduledSampling: { type: 'linear', end: 0.5, steps: 12 },
  },
  'SGD with Nesterov momentum, plateau schedule, evaluations, label smoothing': {
    optimizer: { type: 'sgd', learningRate: 0.5, momentum: 0.9, nesterov: true },
    schedule: { type: 'plateau', patience: 0, factor: 0.5 },
    loss: { type: 'full', labelSmoothing: 0.1 },
    evaluation: { batches: valid, every: 2, decode: false },
  },
  'Adam, cosine schedule, weight averaging, evaluations': {
    optimizer: { type: 'adam', learningRate: 0.05 },
    schedule: { type: 'cosine', warmupSteps: 2, totalSteps: 12 },
    averaging: { decay: 0.9 },
    evaluation: { batches: valid, every: 3, decode: false },
  },
};

/** Trains `steps` updates, optionally stopping at `stopAt` and resuming in a fresh model and trainer. */
async function run(
  setup: Omit<TrainerOptions, 'maxSteps'>,
  runDirectory: string,
  steps: number,
  stopAt?: number,
): Promise<{ losses: number[]; rates: number[]; weights: number[][]; evaluated: number[][] }> {
  const losses: number[] = [];
  const rates: number[] = [];
  const options = (maxSteps: number): TrainerOptions => ({
    ...setup,
    maxSteps,
    seed: 11,
    runDirectory,
    progress: 'none',
    onStep: (record) => {
      losses.push(record.loss);
      rates.push(record.learningRate);
    },
  });
  let model = new TinySeq2Seq({ sourceVocabSize: VOCAB, targetVocabSize: VOCAB, seed: 1 });
  let trainer = new Trainer(model, options(stopAt ?? steps));
  await trainer.fit(train);
  if (stopAt !== undefined) {
    trainer.dispose();
    model.dispose();
    // A differently initialised model: everything must come from the checkpoint.
    model = new TinySeq2Seq({ sourceVocabSize: VOCAB, targetVocabSize: VOCAB, seed: 99 });
    trainer = new Trainer(model, options(steps));
    await trainer.resume();
    expect(trainer.step).toBe(stopAt);
    await trainer.fit(train);
  }
  const values = () =>
    Array.from(model.namedParameters().values(), (v) => Array.from(v.dataSync()));
  const weights = values();
  const evaluated = await trainer.withEvaluatedWeights(async () => values());
  trainer.dispose();
  model.dispose();
  return { losses, rates, weights, evaluated };
}

describe('resume', () => {
  for (const [name, setup] of Object.entries(SETUPS)) {
    it(`continues the identical trajectory: ${name}`, async () => {
      const straight = await run(setup, path.join(directory, 'straight'), 12);
      // Stops mid-epoch (3 batches per epoch), so the data position matters too.
      const resumed = await run(setup, path.join(directory, 'resumed'), 12, 7);
      expect(resumed.losses).toHaveLength(12);
      expect(resumed.losses).toEqual(straight.losses);
      expect(resumed.rates).toEqual(straight.rates);
      expect(resumed.weights).toEqual(straight.weights);
      expect(resumed.evaluated).toEqual(straight.evaluated);
      if (setup.averaging) expect(straight.evaluated).not.toEqual(straight.weights);
      else expect(straight.evaluated).toEqual(straight.weights);
      expect(new Set(straight.rates).size).toBeGreaterThan(1);
    });
  }
});
