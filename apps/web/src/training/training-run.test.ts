import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { decodeBundle, translate } from '@heed/models';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkerEvent } from './messages';
import { DEFAULT_TRAINING_CONFIG, type TrainingConfig } from './training-config';
import { TrainingRun, WATCHED_SLACK } from './training-run';

// What a training worker does, run in Node on cpu: the events the page draws from.

const tiny: TrainingConfig = {
  ...DEFAULT_TRAINING_CONFIG,
  corpus: 'en-es-grammar',
  corpusSize: 200,
  hidden: 16,
  embed: 8,
  heads: 2,
  steps: 4,
  batchTokens: 256,
  evaluateEvery: 4,
  heatmapEvery: 2,
  backend: 'cpu',
};

/** Trains `config` to the end (pausing after `pauseAt` updates when given) and returns the run and its events. */
async function trainToEnd(
  config: TrainingConfig,
  pauseAt?: number,
): Promise<{ run: TrainingRun; events: WorkerEvent[] }> {
  const events: WorkerEvent[] = [];
  let run: TrainingRun | undefined;
  await new Promise<void>((resolve, reject) => {
    TrainingRun.train(
      config,
      (event) => {
        events.push(event);
        if (event.type === 'step' && event.step === pauseAt) run?.pause();
        if (event.type === 'paused') setTimeout(() => run?.resume(), 50);
        if (event.type === 'finished') resolve();
        if (event.type === 'error') reject(new Error(event.message));
      },
      'cpu (test)',
    ).then((started) => {
      run = started;
    }, reject);
  });
  return { run: run as TrainingRun, events };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('TrainingRun', () => {
  for (const [arch, attention, corpus] of [
    ['rnn', 'general', 'dates'],
    ['transformer', 'additive', 'en-es-grammar'],
  ] as const) {
    it(`trains a ${arch} with ${attention} attention on ${corpus}, reporting what the page draws`, async () => {
      const { run, events } = await trainToEnd({ ...tiny, arch, attention, corpus });
      const of = <T extends WorkerEvent['type']>(type: T) =>
        events.filter((event): event is Extract<WorkerEvent, { type: T }> => event.type === type);
      expect(of('started')).toHaveLength(1);
      expect(of('step').map((event) => event.step)).toEqual([1, 2, 3, 4]);
      expect(of('evaluation').map((event) => event.step)).toEqual([4]);
      for (const evaluation of of('evaluation')) expect(evaluation.bleu).toBeGreaterThanOrEqual(0);
      // Before training, then every 2 updates, then once more at the end.
      expect(of('heatmap').map((event) => event.step)).toEqual([0, 2, 4]);
      for (const { heatmap } of of('heatmap')) {
        expect(heatmap.weights).toHaveLength(heatmap.targetTokens.length);
        for (const row of heatmap.weights) expect(row).toHaveLength(heatmap.sourceTokens.length);
      }
      expect(of('finished')).toEqual([{ type: 'finished', step: 4, reason: 'max-steps' }]);

      // The downloaded bundle rebuilds the same model: the same translation of the watched sentence.
      const bundle = decodeBundle(await run.exportBundle());
      expect(bundle.spec.arch).toBe(arch);
      const watched = of('started')[0]?.watched as { source: string; target: string };
      const [fromBundle] = await translate(bundle.model, bundle.tokenizers, [watched.source], {
        maxLength: bundle.tokenizers.target.encode(watched.target).length + WATCHED_SLACK,
      });
      expect(fromBundle?.hypotheses[0]?.text).toBe(of('heatmap').at(-1)?.translation);
      bundle.model.dispose();
    });
  }

  it('holds between two updates while paused and goes on when resumed', async () => {
    const { events } = await trainToEnd(
      { ...tiny, corpus: 'dates', arch: 'rnn', attention: 'dot', evaluateEvery: 100 },
      2,
    );
    const order = events
      .filter((event) => event.type === 'step' || event.type === 'paused')
      .map((event) => `${event.type}:${event.step}`);
    expect(order).toEqual(['step:1', 'step:2', 'paused:2', 'step:3', 'step:4']);
  });
});
