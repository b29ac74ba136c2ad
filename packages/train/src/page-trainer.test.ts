import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { decodeCheckpoint } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { copyTaskBatches, TinySeq2Seq } from '../test/tiny-model';
import { Trainer as NodeTrainer } from './node/trainer';
import { MemoryRunStorage } from './run-storage';
import { Trainer } from './trainer';
import type { StepRecord } from './trainer-options';

// The Trainer of @heed/train's page build: no files, no process hooks, no
// stderr; the same losses as under Node.

const VOCAB = 12;
const batches = copyTaskBatches({
  batches: 4,
  batchSize: 4,
  vocabSize: VOCAB,
  maxLength: 4,
  seed: 3,
});

function makeModel(): TinySeq2Seq {
  return new TinySeq2Seq({ sourceVocabSize: VOCAB, targetVocabSize: VOCAB, units: 8, seed: 1 });
}

const options = { optimizer: { type: 'adam', learningRate: 0.02 }, seed: 5 } as const;

describe("Trainer (a page's build)", () => {
  it('keeps the run in memory, touches no process hooks and matches the Node trainer', async () => {
    const signals = () => process.listenerCount('SIGINT') + process.listenerCount('SIGTERM');
    const before = signals();
    const steps: StepRecord[] = [];
    const model = makeModel();
    const trainer = new Trainer(model, {
      ...options,
      maxSteps: 6,
      onStep: (record) => {
        steps.push(record);
        expect(signals()).toBe(before);
      },
    });
    const result = await trainer.fit(batches);
    expect(result).toMatchObject({
      stopReason: 'max-steps',
      steps: 6,
      runDirectory: 'memory',
      lastCheckpoint: 'memory/last',
    });
    const storage = trainer.storage as MemoryRunStorage;
    expect(storage.records.map((record) => record.type)).toEqual([
      'start',
      ...Array(6).fill('step'),
      'checkpoint',
      'stop',
    ]);
    const saved = decodeCheckpoint<{ training: { step: number } }>(storage.files('memory/last'));
    expect(saved.config.training.step).toBe(6);
    expect([...saved.extraTensors.keys()]).toContain('optimizer/iter');
    tf.dispose([...saved.tensors.values(), ...saved.extraTensors.values()]);

    const directory = await mkdtemp(path.join(os.tmpdir(), 'heed-page-trainer-'));
    try {
      const nodeModel = makeModel();
      const nodeSteps: StepRecord[] = [];
      const nodeTrainer = new NodeTrainer(nodeModel, {
        ...options,
        maxSteps: 6,
        runDirectory: directory,
        progress: 'none',
        onStep: (record) => nodeSteps.push(record),
      });
      await nodeTrainer.fit(batches);
      expect(steps.map((s) => s.loss)).toEqual(nodeSteps.map((s) => s.loss));
      nodeTrainer.dispose();
      nodeModel.dispose();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }

    // A second trainer on the same storage resumes where the first stopped.
    const resumedModel = makeModel();
    const resumed = new Trainer(resumedModel, { ...options, maxSteps: 8, storage });
    await resumed.resume();
    expect(resumed.step).toBe(6);
    expect((await resumed.fit(batches)).steps).toBe(8);
    for (const owner of [trainer, resumed]) owner.dispose();
    for (const owned of [model, resumedModel]) owned.dispose();
  });

  it('says where a checkpoint was not saved', async () => {
    const storage = new MemoryRunStorage('run');
    const model = makeModel();
    const trainer = new Trainer(model, { maxSteps: 1, storage });
    await expect(trainer.resume()).rejects.toThrow(
      "MemoryRunStorage: no checkpoint was saved at 'run/last' (saved: none)",
    );
    trainer.dispose();
    model.dispose();
  });
});
