import { expectNoLeaks, expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import fixtures from '../test/fixtures/sampled-softmax.json';
import { expectedCount } from './candidate-sampler';
import { LogUniformSampler } from './log-uniform-sampler';

const reference = fixtures.sampler;

describe('LogUniformSampler', () => {
  it('has P(k) = (log(k+2) − log(k+1)) / log(V+1), summing to 1', () => {
    const sampler = new LogUniformSampler(reference.vocabSize);
    reference.ids.forEach((id, i) => {
      expect(sampler.probability(id)).toBeCloseTo(reference.probabilities[i] ?? Number.NaN, 7);
      const formula = (Math.log(id + 2) - Math.log(id + 1)) / Math.log(reference.vocabSize + 1);
      expect(sampler.probability(id)).toBeCloseTo(formula, 12);
    });
    let total = 0;
    for (let k = 0; k < reference.vocabSize; k++) total += sampler.probability(k);
    expect(total).toBeCloseTo(1, 10);
  });

  it("computes TensorFlow's expected counts (with and without repeated draws)", () => {
    const sampler = new LogUniformSampler(reference.vocabSize);
    reference.ids.forEach((id, i) => {
      const p = sampler.probability(id);
      expect(expectedCount(p, reference.numSampled, reference.numTries)).toBeCloseTo(
        reference.expectedCounts[i] ?? Number.NaN,
        10,
      );
      expect(expectedCount(p, reference.numSampled, reference.numSampled)).toBeCloseTo(
        reference.expectedCountsNoRepeats[i] ?? Number.NaN,
        10,
      );
    });
  });

  it('draws ids with frequencies close to P(k)', () => {
    const V = 12;
    const sampler = new LogUniformSampler(V, { seed: 5 });
    const draws = 24_000;
    const counts = new Array<number>(V).fill(0);
    const { ids, numTries, sampledExpectedCount } = sampler.sample(draws, false);
    for (const id of ids) counts[id] = (counts[id] ?? 0) + 1;
    expect(numTries).toBe(draws);
    for (let k = 0; k < V; k++) {
      const p = sampler.probability(k);
      expect(Math.abs((counts[k] ?? 0) / draws - p)).toBeLessThan(0.01);
    }
    expect(sampledExpectedCount[0]).toBeCloseTo(sampler.probability(ids[0] ?? 0) * draws, 1);
  });

  it('draws distinct ids with unique sampling and counts the tries', () => {
    const sampler = new LogUniformSampler(50, { seed: 1 });
    const sample = sampler.sample(20);
    expect(new Set(sample.ids).size).toBe(20);
    expect(sample.ids.every((id) => id >= 0 && id < 50)).toBe(true);
    expect(sample.numTries).toBeGreaterThan(20);
    sample.ids.forEach((id, i) => {
      const wanted = expectedCount(sampler.probability(id), 20, sample.numTries);
      expect(sample.sampledExpectedCount[i]).toBeCloseTo(wanted, 6);
    });
  });

  it('computes true expected counts on the device for any id tensor', async () => {
    const sampler = new LogUniformSampler(50, { seed: 2 });
    const sample = sampler.sample(10);
    const ids = tf.tensor2d(
      [
        [0, 7, 49],
        [3, 3, 20],
      ],
      undefined,
      'int32',
    );
    await expectNoLeaks(() => {
      const counts = sample.trueExpectedCount(ids);
      const wanted = (ids.arraySync() as number[][]).map((row) =>
        row.map((id) => expectedCount(sampler.probability(id), 10, sample.numTries)),
      );
      expectTensorsClose(counts, wanted, { rtol: 1e-5 });
      counts.dispose();
    });
    ids.dispose();
  });

  it('is seeded: equal seeds and restored states repeat the draws', () => {
    const first = new LogUniformSampler(100, { seed: 9 });
    const second = new LogUniformSampler(100, { seed: 9 });
    const other = new LogUniformSampler(100, { seed: 10 });
    expect(Array.from(first.sample(8).ids)).toEqual(Array.from(second.sample(8).ids));
    const state = first.getState();
    const next = Array.from(first.sample(8).ids);
    expect(next).not.toEqual(Array.from(other.sample(8).ids));
    first.setState(state);
    expect(Array.from(first.sample(8).ids)).toEqual(next);
  });

  it('rejects impossible requests', () => {
    expect(() => new LogUniformSampler(0)).toThrow(
      'LogUniformSampler: vocabSize must be a positive integer. Received: vocabSize=0',
    );
    expect(() => new LogUniformSampler(5).sample(6)).toThrow(
      'numSampled must be at most vocabSize (5) for unique sampling',
    );
  });
});
