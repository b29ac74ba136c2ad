import { describe, expect, it } from 'vitest';
import { createSamplingSchedule } from './scheduled-sampling';

describe('scheduled sampling', () => {
  it('gives the sampling probability 1 − ε of Bengio et al. (2015)', () => {
    expect(createSamplingSchedule({ type: 'constant', probability: 0.25 })(99)).toBe(0.25);
    const linear = createSamplingSchedule({ type: 'linear', start: 0.1, end: 0.5, steps: 4 });
    expect([1, 2, 4, 10].map(linear)).toEqual([0.2, 0.30000000000000004, 0.5, 0.5]);
    // ε = k / (k + exp(i/k)); at i = 0 with k = 10: ε = 10/11.
    const sigmoid = createSamplingSchedule({ type: 'inverse-sigmoid', k: 10 });
    expect(sigmoid(0)).toBeCloseTo(1 / 11, 12);
    expect(sigmoid(50)).toBeCloseTo(1 - 10 / (10 + Math.exp(5)), 12);
    const exponential = createSamplingSchedule({ type: 'exponential', k: 0.9 });
    expect(exponential(2)).toBeCloseTo(0.19, 12);
  });

  it('rejects bad configs', () => {
    expect(() => createSamplingSchedule({ type: 'constant', probability: 2 })).toThrow(
      'createSamplingSchedule: probability must be a number in [0, 1]. Received: probability=2',
    );
    expect(() => createSamplingSchedule({ type: 'exponential', k: 1 })).toThrow(
      'k must be a number in',
    );
  });
});
