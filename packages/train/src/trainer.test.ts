import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadCheckpoint } from '@heed/core';
import { maskedCrossEntropy } from '@heed/losses';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyTaskBatches, TinySeq2Seq } from '../test/tiny-model';
import type { TrainingBatch } from './batch';
import { Trainer } from './node/trainer';
import { NonFiniteError } from './trainer';
import type { StepRecord, TrainerOptions } from './trainer-options';

const VOCAB = 12;
const train = copyTaskBatches({
  batches: 4,
  batchSize: 4,
  vocabSize: VOCAB,
  maxLength: 4,
  seed: 3,
});
const valid = copyTaskBatches({
  batches: 2,
  batchSize: 3,
  vocabSize: VOCAB,
  maxLength: 4,
  seed: 9,
});
const detokenize = (ids: readonly number[]) => ids.map((id) => `w${id}`).join(' ');

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'heed-train-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function makeModel(seed = 1): TinySeq2Seq {
  return new TinySeq2Seq({ sourceVocabSize: VOCAB, targetVocabSize: VOCAB, units: 8, seed });
}

async function readLog(runDirectory: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path.join(runDirectory, 'metrics.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('Trainer', () => {
  it('trains, evaluates, logs JSONL and keeps the last and best checkpoints', async () => {
    const model = makeModel();
    const steps: StepRecord[] = [];
    const trainer = new Trainer(model, {
      optimizer: { type: 'adam', learningRate: 0.02 },
      maxSteps: 24,
      evaluation: { batches: valid, every: 8, detokenize, decode: { sentences: 4 } },
      runDirectory: directory,
      progress: 'none',
      vocab: { tokens: ['<pad>', '<s>', '</s>', '<unk>'] },
      onStep: (record) => steps.push(record),
    });
    const result = await trainer.fit(train);
    expect(result.stopReason).toBe('max-steps');
    expect(result.steps).toBe(24);
    expect(steps.map((s) => s.step)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    // Every epoch sees each of the 4 batches once, in a shuffled order.
    expect(steps.map((s) => [s.epoch, s.batch]).slice(0, 5)).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 0],
    ]);
    const firstLosses = steps.slice(0, 4).reduce((sum, s) => sum + s.loss, 0);
    const lastLosses = steps.slice(-4).reduce((sum, s) => sum + s.loss, 0);
    expect(lastLosses).toBeLessThan(firstLosses);
    expect(result.evaluations.map((e) => e.step)).toEqual([8, 16, 24]);
    for (const evaluation of result.evaluations) {
      expect(evaluation.perplexity).toBeCloseTo(Math.exp(evaluation.loss), 6);
      expect(evaluation.bleu).toBeGreaterThanOrEqual(0);
      expect(evaluation.chrf).toBeGreaterThanOrEqual(0);
    }
    expect(result.best?.metric).toBe('loss');

    const log = await readLog(directory);
    const types = log.map((record) => record.type);
    expect(types[0]).toBe('start');
    expect(types.filter((type) => type === 'step')).toHaveLength(24);
    expect(types.filter((type) => type === 'evaluation')).toHaveLength(3);
    expect(types.at(-1)).toBe('stop');
    expect(log.find((record) => record.type === 'start')?.backend).toBe('cpu');

    const last = await loadCheckpoint<{
      training: { step: number };
      vocab: unknown;
      model: unknown;
    }>(result.lastCheckpoint);
    expect(last.config.training.step).toBe(24);
    expect(last.config.vocab).toEqual({ tokens: ['<pad>', '<s>', '</s>', '<unk>'] });
    expect(last.config.model).toEqual(model.getConfig());
    expect([...last.tensors.keys()].sort()).toEqual([...model.namedParameters().keys()].sort());
    expect([...last.extraTensors.keys()]).toContain('optimizer/outputKernel/m');
    expect([...last.extraTensors.keys()]).toContain('optimizer/iter');
    tf.dispose([...last.tensors.values(), ...last.extraTensors.values()]);
    const best = await loadCheckpoint<{ training: { step: number } }>(result.bestCheckpoint ?? '');
    expect(best.config.training.step).toBe(result.best?.step);
    tf.dispose([...best.tensors.values(), ...best.extraTensors.values()]);
    trainer.dispose();
    model.dispose();
  });

  it('passes scheduled sampling and per-step seeds to the model', async () => {
    const model = makeModel();
    const probabilities: number[] = [];
    const seen: unknown[] = [];
    const trainer = new Trainer(model, {
      maxSteps: 4,
      scheduledSampling: { type: 'linear', end: 0.5, steps: 4 },
      runDirectory: directory,
      progress: 'none',
      onStep: (record) => {
        probabilities.push(record.samplingProbability);
        seen.push(model.lastRunOptions);
      },
    });
    await trainer.fit(train);
    expect(probabilities).toEqual([0.125, 0.25, 0.375, 0.5]);
    expect(
      seen.map((options) => (options as { samplingProbability: number }).samplingProbability),
    ).toEqual(probabilities);
    const seeds = seen.map((options) => (options as { seed: number }).seed);
    expect(new Set(seeds).size).toBe(4);
    expect((seen[0] as { training: boolean }).training).toBe(true);
    trainer.dispose();
    model.dispose();
  });

  it('stops early when the monitored metric stops improving', async () => {
    const model = makeModel();
    const trainer = new Trainer(model, {
      // A zero rate: the validation loss never improves after the first evaluation.
      optimizer: { type: 'sgd', learningRate: 0 },
      maxSteps: 100,
      evaluation: { batches: valid, every: 2, patience: 2, decode: false },
      runDirectory: directory,
      progress: 'none',
    });
    const result = await trainer.fit(train);
    expect(result.stopReason).toBe('early-stopping');
    expect(result.steps).toBe(6);
    expect(result.evaluations.map((e) => e.improved)).toEqual([true, false, false]);
    expect(result.best?.step).toBe(2);
    trainer.dispose();
    model.dispose();
  });

  it('evaluates by wall-clock time with everySeconds, saving last/ after each evaluation', async () => {
    // A period shorter than any update: every update is followed by an evaluation.
    const model = makeModel();
    const often = new Trainer(model, {
      maxSteps: 3,
      evaluation: { batches: valid, everySeconds: 1e-9, decode: false },
      runDirectory: directory,
      progress: 'none',
    });
    const result = await often.fit(train);
    expect(result.evaluations.map((e) => e.step)).toEqual([1, 2, 3]);
    const log = await readLog(directory);
    const checkpoints = log.filter((r) => r.type === 'checkpoint').map((r) => r.step);
    expect(checkpoints).toEqual([1, 2, 3]);
    expect((log[0]!.trainer as { evaluation: object }).evaluation).toMatchObject({
      everySeconds: 1e-9,
    });
    often.dispose();
    // A period longer than the run: no evaluation until the end.
    const rarely = new Trainer(model, {
      maxSteps: 3,
      evaluation: { batches: valid, everySeconds: 1e6, decode: false },
      runDirectory: path.join(directory, 'rarely'),
      progress: 'none',
    });
    expect((await rarely.fit(train)).evaluations).toEqual([]);
    rarely.dispose();
    expect(
      () =>
        new Trainer(model, {
          maxSteps: 3,
          evaluation: { batches: valid, every: 2, everySeconds: 10 },
          runDirectory: directory,
        }),
    ).toThrow(
      'Trainer: give evaluation.every (updates) or evaluation.everySeconds, not both. Received: every=2, everySeconds=10',
    );
    model.dispose();
  });

  it('evaluates once more when maxSeconds stops the run, so best/ holds the final model', async () => {
    const model = makeModel();
    const timed = new Trainer(model, {
      maxSeconds: 0.3,
      evaluation: { batches: valid, everySeconds: 1e6, decode: false },
      runDirectory: path.join(directory, 'timed'),
      progress: 'none',
    });
    const result = await timed.fit(train);
    expect(result.stopReason).toBe('max-seconds');
    expect(result.steps).toBeGreaterThan(0);
    expect(result.evaluations.map((e) => e.step)).toEqual([result.steps]);
    expect(result.best?.step).toBe(result.steps);
    const log = await readLog(path.join(directory, 'timed'));
    expect(log.filter((r) => r.type === 'evaluation').map((r) => r.step)).toEqual([result.steps]);
    timed.dispose();
    model.dispose();
  });

  it('stops after maxEpochs and accepts a function of the epoch as data', async () => {
    const model = makeModel();
    const epochs: number[] = [];
    const trainer = new Trainer(model, {
      maxEpochs: 2,
      runDirectory: directory,
      progress: 'none',
    });
    const result = await trainer.fit((epoch) => {
      epochs.push(epoch);
      return train.slice(0, 3);
    });
    expect(result.stopReason).toBe('max-epochs');
    expect(result.steps).toBe(6);
    expect(epochs).toEqual([0, 1, 2]);
    trainer.dispose();
    model.dispose();
  });

  it('trains with sampled softmax', async () => {
    const model = makeModel();
    const trainer = new Trainer(model, {
      loss: { type: 'sampled', numSampled: 5 },
      maxSteps: 3,
      runDirectory: directory,
      progress: 'none',
    });
    const result = await trainer.fit(train);
    expect(Number.isFinite(result.lastLoss)).toBe(true);
    trainer.dispose();
    model.dispose();
  });

  it('trains with sampled softmax through forwardHidden, never computing the full logits', async () => {
    const losses = async (model: TinySeq2Seq) => {
      const seen: number[] = [];
      const trainer = new Trainer(model, {
        loss: { type: 'sampled', numSampled: 5 },
        maxSteps: 3,
        runDirectory: directory,
        progress: 'none',
        onStep: (record) => seen.push(record.loss),
      });
      await trainer.fit(train);
      trainer.dispose();
      model.dispose();
      return seen;
    };
    const calls = { forward: 0, forwardHidden: 0 };
    const withHidden = Object.assign(makeModel(), {
      forwardHidden(
        this: TinySeq2Seq,
        ...args: Parameters<TinySeq2Seq['forward']>
      ): Omit<ReturnType<TinySeq2Seq['forward']>, 'logits'> {
        calls.forwardHidden++;
        const { logits, ...rest } = TinySeq2Seq.prototype.forward.apply(this, args);
        logits.dispose();
        return rest;
      },
    });
    const forward = withHidden.forward.bind(withHidden);
    withHidden.forward = (...args) => {
      calls.forward++;
      return forward(...args);
    };
    const hiddenLosses = await losses(withHidden);
    expect(calls).toEqual({ forward: 0, forwardHidden: 3 });
    // The same updates as a model without forwardHidden (full forward, logits unused).
    expect(hiddenLosses).toEqual(await losses(makeModel()));
  });

  it('trains the full loss through forwardHidden and projectedCrossEntropy, with the losses of forward + maskedCrossEntropy', async () => {
    const losses = async (model: TinySeq2Seq) => {
      const seen: number[] = [];
      const trainer = new Trainer(model, {
        loss: { type: 'full', labelSmoothing: 0.1 },
        maxSteps: 4,
        runDirectory: directory,
        progress: 'none',
        onStep: (record) => seen.push(record.loss),
      });
      await trainer.fit(train);
      trainer.dispose();
      model.dispose();
      return seen;
    };
    const calls = { forward: 0, forwardHidden: 0 };
    const withHidden = Object.assign(makeModel(), {
      forwardHidden(
        this: TinySeq2Seq,
        ...args: Parameters<TinySeq2Seq['forward']>
      ): Omit<ReturnType<TinySeq2Seq['forward']>, 'logits'> {
        calls.forwardHidden++;
        const { logits, ...rest } = TinySeq2Seq.prototype.forward.apply(this, args);
        logits.dispose();
        return rest;
      },
    });
    const forward = withHidden.forward.bind(withHidden);
    withHidden.forward = (...args) => {
      calls.forward++;
      return forward(...args);
    };
    const hiddenLosses = await losses(withHidden);
    expect(calls).toEqual({ forward: 0, forwardHidden: 4 });
    // A model without forwardHidden trains through forward + maskedCrossEntropy, as before.
    const forwardLosses = await losses(makeModel());
    expect(hiddenLosses).toHaveLength(4);
    hiddenLosses.forEach((loss, i) => {
      expect(Math.abs(loss - (forwardLosses[i] as number))).toBeLessThan(1e-5);
    });
  });

  it('prints one plain line per interval when not on a TTY', async () => {
    const model = makeModel();
    let text = '';
    const trainer = new Trainer(model, {
      maxSteps: 6,
      logEvery: 3,
      runDirectory: directory,
      output: {
        write: (chunk: string) => {
          text += chunk;
        },
        isTTY: false,
      },
    });
    await trainer.fit(train);
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(/^training on cpu: \d+ parameters, seed 0, run directory /);
    expect(lines[1]).toMatch(
      /^step 3\/6 \| epoch 1 \| loss \d+\.\d{4} \| lr 1\.00e-3 \| \d+ tok\/s \| ETA \d+s$/,
    );
    expect(lines[2]).toMatch(/^step 6\/6 \| epoch 2 \| loss /);
    expect(lines[3]).toMatch(/^stopped at step 6 \(max-steps\)/);
    trainer.dispose();
    model.dispose();
  });

  it('also prints a line when logSeconds have passed, however few updates that was', async () => {
    const model = makeModel();
    let text = '';
    const output = {
      write: (chunk: string) => {
        text += chunk;
      },
      isTTY: false,
    };
    const options = { maxSteps: 3, logEvery: 1000, runDirectory: directory, output };
    const timed = new Trainer(model, { ...options, logSeconds: 1e-9 });
    await timed.fit(train);
    expect(text.match(/^step \d\/3 \|/gm)).toEqual(['step 1/3 |', 'step 2/3 |', 'step 3/3 |']);
    timed.dispose();
    text = '';
    await rm(directory, { recursive: true, force: true });
    const untimed = new Trainer(model, { ...options, logSeconds: 0 });
    await untimed.fit(train);
    expect(text).not.toMatch(/^step /m);
    untimed.dispose();
    model.dispose();
    const other = makeModel();
    expect(() => new Trainer(other, { ...options, logSeconds: -1 })).toThrow(
      'Trainer: logSeconds must be a non-negative finite number. Received: logSeconds=-1',
    );
    other.dispose();
  });

  it('draws a progress bar on a TTY', async () => {
    const model = makeModel();
    let text = '';
    const output = {
      write: (chunk: string) => {
        text += chunk;
        return true;
      },
      isTTY: true,
      columns: 160,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
      on: () => output,
      removeListener: () => output,
    };
    const trainer = new Trainer(model, { maxSteps: 3, runDirectory: directory, output });
    await trainer.fit(train);
    expect(text).toMatch(
      /step 3\/3 \S* \| epoch 1 \| loss \d+\.\d{4} \| lr 1\.00e-3 \| \d+ tok\/s \| ETA/,
    );
    trainer.dispose();
    model.dispose();
  });

  it('stops on a NaN loss, naming the step, and leaves the last checkpoint intact', async () => {
    const model = makeModel();
    let step = 0;
    const trainer = new Trainer(model, {
      loss: (forward, batch) =>
        tf.tidy(() => {
          const loss = maskedCrossEntropy(forward.logits, batch.targetOutput).loss as tf.Scalar;
          return step >= 5 ? (tf.mul(loss, Number.NaN) as tf.Scalar) : loss;
        }),
      maxSteps: 10,
      checkpointEvery: 2,
      runDirectory: directory,
      progress: 'none',
      onStep: (record) => {
        step = record.step;
      },
    });
    const before = Array.from(model.namedParameters().values(), (v) => v.dataSync().slice());
    const error = await trainer.fit(train).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteError);
    expect((error as Error).message).toContain(
      'Trainer: the loss became NaN at step 6 (epoch 1, batch 1, both counted from 0 as in metrics.jsonl); training stopped without applying it. The last good checkpoint (step 4) is intact at',
    );
    expect(trainer.step).toBe(5);
    const saved = await loadCheckpoint<{ training: { step: number } }>(trainer.lastCheckpoint);
    expect(saved.config.training.step).toBe(4);
    tf.dispose([...saved.tensors.values(), ...saved.extraTensors.values()]);
    // The weights moved during the five good steps but are finite.
    const after = Array.from(model.namedParameters().values(), (v) => v.dataSync());
    expect(after.every((values) => values.every(Number.isFinite))).toBe(true);
    expect(after.some((values, i) => values.some((v, j) => v !== before[i]?.[j]))).toBe(true);
    const log = await readLog(directory);
    expect(log.at(-1)).toMatchObject({ type: 'error', step: 6, loss: 'NaN' });
    trainer.dispose();
    model.dispose();
  });

  it('stops on a non-finite gradient with a finite loss before applying it', async () => {
    const model = makeModel();
    const trainer = new Trainer(model, {
      // sqrt'(0) = ∞, times 0: a NaN gradient under a finite loss.
      loss: (forward, batch, tiny) =>
        tf.tidy(() => {
          const kernel = tiny.outputProjection.kernel;
          const trap = tf.mul(0, tf.sum(tf.sqrt(tf.sub(kernel, kernel))));
          return tf.add(
            maskedCrossEntropy(forward.logits, batch.targetOutput).loss,
            trap,
          ) as tf.Scalar;
        }),
      maxSteps: 3,
      runDirectory: directory,
      progress: 'none',
    });
    const before = Array.from(model.namedParameters().values(), (v) => Array.from(v.dataSync()));
    await expect(trainer.fit(train)).rejects.toThrow(
      /Trainer: the gradient norm became NaN at step 1 .* No checkpoint had been saved yet\./,
    );
    const after = Array.from(model.namedParameters().values(), (v) => Array.from(v.dataSync()));
    expect(after).toEqual(before);
    trainer.dispose();
    model.dispose();
  });

  it('validates its options and batches', async () => {
    const model = makeModel();
    expect(() => new Trainer(model, {} as TrainerOptions)).toThrow(
      'Trainer: give at least one of maxSteps, maxEpochs or maxSeconds',
    );
    expect(() => new Trainer(model, { maxSteps: 1, clipNorm: -1 })).toThrow(
      'Trainer: clipNorm must be a positive finite number. Received: clipNorm=-1',
    );
    expect(() => new Trainer(model, { maxSteps: 1, epochs: 3 } as never)).toThrow(
      "Trainer: unknown option 'epochs'",
    );
    expect(
      () =>
        new Trainer(model, {
          maxSteps: 1,
          evaluation: { batches: valid, monitor: 'bleu' },
        }),
    ).toThrow("Trainer: evaluation.monitor 'bleu' needs evaluation.detokenize");
    const trainer = new Trainer(model, { maxSteps: 1, runDirectory: directory, progress: 'none' });
    const withBos: TrainingBatch = { source: [[4, 5]], target: [[1, 4, 5, 2]] };
    await expect(trainer.fit([withBos])).rejects.toThrow(
      'Trainer: target row 0 starts with BOS (1); give targets without BOS, ending in EOS',
    );
    expect((await readLog(directory)).at(-1)).toMatchObject({
      type: 'error',
      step: 0,
      message: expect.stringContaining('starts with BOS'),
    });
    trainer.dispose();
    model.dispose();
  });
});
