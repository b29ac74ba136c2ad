import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadCheckpoint } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyTaskBatches, TinySeq2Seq } from '../test/tiny-model';
import { Trainer } from './node/trainer';
import { WeightAverage } from './weight-average';

describe('WeightAverage', () => {
  it('follows ā ← ā + (1 − min(d, (1+t)/(10+t)))·(w − ā), computed here in float64', () => {
    const weight = tf.variable(tf.tensor1d([1, -2]));
    const average = new WeightAverage(new Map([['w', weight]]), { decay: 0.5 });
    const expected = [1, -2];
    const updates = [
      [3, 0],
      [-1, 4],
      [2, 2],
      [0.5, -0.25],
    ];
    updates.forEach((values, i) => {
      weight.assign(tf.tensor1d(values));
      average.update(i + 1);
      const decay = Math.min(0.5, (2 + i) / (11 + i));
      values.forEach((value, j) => {
        expected[j] = (expected[j] as number) + (1 - decay) * (value - (expected[j] as number));
      });
    });
    expect(average.decayAt(1)).toBeCloseTo(2 / 11, 12);
    expect(average.decayAt(100)).toBe(0.5);
    const averaged = Array.from((average.averages().get('w') as tf.Tensor).dataSync());
    averaged.forEach((value, j) => {
      expect(value).toBeCloseTo(expected[j] as number, 6);
    });
    average.dispose();
    weight.dispose();
  });

  it('puts the averages in the model only while the body runs, and the live weights back when it throws', async () => {
    const weight = tf.variable(tf.tensor1d([1, 2]));
    const average = new WeightAverage(new Map([['w', weight]]), { decay: 0.9 });
    weight.assign(tf.tensor1d([5, 6]));
    average.update(1000);
    const inside = await average.withAveragesInModel(async () => Array.from(weight.dataSync()));
    expect(inside[0]).toBeCloseTo(1.4, 6);
    expect(inside[1]).toBeCloseTo(2.4, 6);
    await expect(
      average.withAveragesInModel(async () => {
        throw new Error('evaluation failed');
      }),
    ).rejects.toThrow('evaluation failed');
    expect(Array.from(weight.dataSync())).toEqual([5, 6]);
    average.dispose();
    weight.dispose();
  });

  it('refuses a decay outside [0, 1) and averages that do not fit the parameters', () => {
    const weight = tf.variable(tf.tensor1d([1, 2]));
    const parameters = new Map([['w', weight]]);
    expect(() => new WeightAverage(parameters, { decay: 1 })).toThrow(
      /WeightAverage.*decay.*\[0, 1\).*1/,
    );
    const average = new WeightAverage(parameters);
    expect(() => average.setAverages(new Map([['w', tf.zeros([3])]]))).toThrow(
      "the average of 'w' has shape [3], the parameter [2]",
    );
    expect(() => average.setAverages(new Map())).toThrow("no average for parameter 'w'");
    average.dispose();
    weight.dispose();
  });
});

describe('Trainer with averaging', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'heed-average-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('saves the averages as the checkpoint weights and the live weights for resuming', async () => {
    const model = new TinySeq2Seq({ sourceVocabSize: 10, targetVocabSize: 10, seed: 3 });
    const batches = copyTaskBatches({ batches: 3, batchSize: 3, vocabSize: 10, maxLength: 3 });
    const trainer = new Trainer(model, {
      optimizer: { type: 'adam', learningRate: 0.05 },
      averaging: { decay: 0.9 },
      maxSteps: 20,
      runDirectory: directory,
      progress: 'none',
    });
    try {
      await trainer.fit(batches);
      const checkpoint = await loadCheckpoint(trainer.lastCheckpoint);
      const averaged = await trainer.withEvaluatedWeights(async () =>
        Object.fromEntries(
          Array.from(model.namedParameters(), ([name, v]) => [name, Array.from(v.dataSync())]),
        ),
      );
      for (const [name, variable] of model.namedParameters()) {
        const saved = checkpoint.tensors.get(name) as tf.Tensor;
        const live = checkpoint.extraTensors.get(`live/${name}`) as tf.Tensor;
        expect(Array.from(saved.dataSync())).toEqual(averaged[name]);
        expect(Array.from(live.dataSync())).toEqual(Array.from(variable.dataSync()));
      }
      expect(
        Array.from(model.namedParameters().keys()).some(
          (name) =>
            (averaged[name] as number[]).join() !==
            Array.from((model.namedParameters().get(name) as tf.Variable).dataSync()).join(),
        ),
      ).toBe(true);
      tf.dispose([...checkpoint.tensors.values(), ...checkpoint.extraTensors.values()]);
    } finally {
      trainer.dispose();
      model.dispose();
    }
  });
});
