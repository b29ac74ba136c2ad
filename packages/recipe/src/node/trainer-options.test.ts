import { specOf } from '@heed/models';
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { updatesOrDuration } from '../cli/parse';
import { createModel } from '../create-model';
import { resolveConfig } from '../resolve-config';
import {
  evaluationInterval,
  learningRateSchedule,
  trainerOptions,
  trainingLoss,
} from '../trainer-options';
import { prepareData } from './prepare-data';

const DATA = { data: 'builtin:dates', corpusSize: 120, validShare: 20, testShare: 10 };

async function optionsFor(fields: Record<string, unknown>) {
  const config = resolveConfig(DATA, { hidden: 8, embed: 4 }, fields);
  const data = await prepareData(config);
  const model = createModel(config, {
    sourceVocabSize: data.tokenizers.source.vocab.size,
    targetVocabSize: data.tokenizers.target.vocab.size,
  });
  const options = trainerOptions(config, {
    data,
    spec: specOf(model),
    runDirectory: 'unused',
  });
  model.dispose();
  return { options, data };
}

describe('--eval-every', () => {
  it('takes a number of updates or a duration with its unit', () => {
    expect(updatesOrDuration('500')).toBe(500);
    expect(updatesOrDuration(' 90s ')).toBe('90s');
    expect(updatesOrDuration('2.5m')).toBe('2.5m');
    for (const bad of ['0', '2x', '-5', '1.5', '0s'])
      expect(() => updatesOrDuration(bad)).toThrow(InvalidArgumentError);
    expect(resolveConfig({ evalEvery: '2m' }).evalEvery).toBe('2m');
    expect(() => resolveConfig({ evalEvery: '90' })).toThrow(
      "config: evalEvery (--eval-every) must be a positive number of updates, a duration ending in s, m or h ('90s', '2m'), or 'auto'. Received: evalEvery='90'",
    );
    expect(() => resolveConfig({ evalEvery: 0 })).toThrow(/evalEvery \(--eval-every\) must be/);
  });

  it('evaluates by updates, saving last/ at the same steps, or by seconds of training', async () => {
    const byUpdates = (await optionsFor({ evalEvery: 50 })).options;
    expect(byUpdates.evaluation).toMatchObject({ every: 50 });
    expect(byUpdates.checkpointEvery).toBe(50);
    const byTime = (await optionsFor({ evalEvery: '2m' })).options;
    expect(byTime.evaluation?.everySeconds).toBe(120);
    expect(byTime.evaluation?.every).toBeUndefined();
    expect(byTime.checkpointEvery).toBeUndefined();
  });
});

describe('auto settings', () => {
  it('--eval-every auto evaluates every fifth of --time, else every 500 updates', async () => {
    expect(updatesOrDuration('auto')).toBe('auto');
    expect(resolveConfig({}).evalEvery).toBe('auto');
    expect(evaluationInterval({ evalEvery: 'auto', time: 600 })).toEqual({ everySeconds: 120 });
    expect(evaluationInterval({ evalEvery: 'auto', time: 3 })).toEqual({ everySeconds: 1 });
    expect(evaluationInterval({ evalEvery: 'auto' })).toEqual({ every: 500 });
    expect(evaluationInterval({ evalEvery: 40, time: 600 })).toEqual({ every: 40 });
    expect(evaluationInterval({ evalEvery: '2m' })).toEqual({ everySeconds: 120 });
    const timed = await optionsFor({ time: 600 });
    expect(timed.options.evaluation).toMatchObject({ everySeconds: 120 });
    expect(timed.options).not.toHaveProperty('checkpointEvery');
    const counted = await optionsFor({ steps: 30 });
    expect(counted.options.evaluation).toMatchObject({ every: 500 });
    expect(counted.options).toMatchObject({ checkpointEvery: 500 });
  });

  it('--loss auto samples only above 4 × --num-sampled target words and without label smoothing', async () => {
    const auto = { loss: 'auto', numSampled: 512, labelSmoothing: 0 } as const;
    expect(resolveConfig({}).loss).toBe('auto');
    expect(trainingLoss(auto, 2048)).toBe('full');
    expect(trainingLoss(auto, 2049)).toBe('sampled');
    expect(trainingLoss({ ...auto, labelSmoothing: 0.1 }, 8000)).toBe('full');
    expect(trainingLoss({ ...auto, loss: 'full' }, 8000)).toBe('full');
    expect(trainingLoss({ ...auto, loss: 'sampled' }, 1000)).toBe('sampled');
    // The dates corpus has a few dozen target characters: the full softmax.
    const { options } = await optionsFor({ tokenizer: 'char' });
    expect(options.loss).toEqual({ type: 'full', labelSmoothing: 0 });
    const sampled = await optionsFor({ tokenizer: 'char', numSampled: 2 });
    expect(sampled.options.loss).toEqual({ type: 'sampled', numSampled: 2 });
  });
});

describe('--average-decay', () => {
  it('averages the weights with decay 0.999 by default; 0 turns it off; outside [0, 1) is refused', async () => {
    expect(resolveConfig({}).averageDecay).toBe(0.999);
    expect((await optionsFor({})).options.averaging).toEqual({ decay: 0.999 });
    expect((await optionsFor({ averageDecay: 0.99 })).options.averaging).toEqual({ decay: 0.99 });
    expect((await optionsFor({ averageDecay: 0 })).options).not.toHaveProperty('averaging');
    expect(() => resolveConfig({ averageDecay: 1 })).toThrow(
      'config: averageDecay (--average-decay) must be a number in [0, 1) (0: no averaging). Received: averageDecay=1',
    );
  });
});

describe('--valid-sample', () => {
  it('evaluates a fixed sample of validation pairs during training, drawn by the seed', async () => {
    const { options, data } = await optionsFor({ validSample: 7 });
    const pairs = (batches: readonly { references?: readonly string[] }[]) =>
      batches.flatMap((batch) => batch.references ?? []);
    const sample = pairs(options.evaluation?.batches ?? []);
    expect(sample).toHaveLength(7);
    const all = pairs(data.validationBatches);
    expect(all).toHaveLength(20);
    for (const reference of sample) expect(all).toContain(reference);
    const again = await optionsFor({ validSample: 7 });
    expect(pairs(again.options.evaluation?.batches ?? [])).toEqual(sample);
    const otherSeed = await optionsFor({ validSample: 7, seed: 5 });
    expect(pairs(otherSeed.options.evaluation?.batches ?? [])).not.toEqual(sample);
    // A sample as large as the set is the set.
    const whole = await optionsFor({ validSample: 50 });
    expect(whole.data.validationSampleBatches).toBeUndefined();
    expect(() => resolveConfig({ validSample: 0 })).toThrow(
      'config: validSample must be a positive integer. Received: validSample=0',
    );
  });
});

describe('--schedule linear and cosine', () => {
  it('decay over the steps or epochs, else over --time, after --warmup updates', async () => {
    const bySteps = (await optionsFor({ schedule: 'cosine', steps: 400, warmup: 40 })).options;
    expect(bySteps.schedule).toEqual({ type: 'cosine', totalSteps: 400, warmupSteps: 40 });
    const byTime = (await optionsFor({ schedule: 'linear', time: 300, warmup: 40 })).options;
    expect(byTime.schedule).toEqual({ type: 'linear', totalSeconds: 300, warmupSteps: 40 });
    const both = (await optionsFor({ schedule: 'cosine', time: 300, steps: 80 })).options;
    expect(both.schedule).toMatchObject({ type: 'cosine', totalSteps: 80 });
  });
});

describe('--schedule auto', () => {
  it('is cosine over a time limit of an hour or more given alone, else constant', async () => {
    const hour = (await optionsFor({ time: 3600 })).options;
    expect(hour.schedule).toEqual({ type: 'cosine', totalSeconds: 3600, warmupSteps: 100 });
    const warmed = (await optionsFor({ time: 7200, warmup: 300 })).options;
    expect(warmed.schedule).toEqual({ type: 'cosine', totalSeconds: 7200, warmupSteps: 300 });
    for (const fields of [
      {},
      { time: 3599 },
      { time: 3600, steps: 500 },
      { time: 3600, epochs: 2 },
    ])
      expect((await optionsFor(fields)).options.schedule).toEqual({ type: 'constant' });
  });

  it('leaves a named schedule and its warm-up of 1000 updates alone', () => {
    expect(learningRateSchedule(resolveConfig({ schedule: 'noam', time: 3600 }))).toEqual({
      name: 'noam',
      warmup: 1000,
    });
    expect(learningRateSchedule(resolveConfig({ schedule: 'constant', time: 7200 }))).toEqual({
      name: 'constant',
      warmup: 1000,
    });
    expect(() => resolveConfig({ warmup: 0 })).toThrow(/warmup/);
  });
});

describe('--decoder-hidden', () => {
  it('sizes the RNN decoder apart from the encoder, and is refused for the Transformer', () => {
    const config = resolveConfig({ hidden: 6, decoderHidden: 10, embed: 4, bidirectional: true });
    const model = createModel(config, { sourceVocabSize: 12, targetVocabSize: 13 });
    const built = specOf(model).config as {
      encoder: { hiddenSize: number };
      decoder: { hiddenSize: number };
    };
    expect(built.encoder.hiddenSize).toBe(6);
    expect(built.decoder.hiddenSize).toBe(10);
    model.dispose();
    expect(resolveConfig({ hidden: 6 }).decoderHidden).toBeUndefined();
    expect(() => resolveConfig({ arch: 'transformer', decoderHidden: 8 })).toThrow(
      'config: decoderHidden (--decoder-hidden) applies to the RNN; the Transformer has one width, hidden. Received: decoderHidden=8',
    );
  });
});
