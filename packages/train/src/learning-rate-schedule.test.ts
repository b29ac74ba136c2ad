import { describe, expect, it } from 'vitest';
import cosineFixtures from './__fixtures__/cosine-schedule.json';
import fixtures from './__fixtures__/schedules.json';
import { createSchedule } from './learning-rate-schedule';
import { ReduceOnPlateau } from './reduce-on-plateau';

describe('learning-rate schedules', () => {
  it('constant keeps the optimizer rate', () => {
    const schedule = createSchedule({ type: 'constant' }, 3e-4);
    expect([1, 10, 1e6].map((step) => schedule.rate(step))).toEqual([3e-4, 3e-4, 3e-4]);
  });

  it('noam matches the Annotated Transformer formula at known steps', () => {
    // Vaswani et al.: the rate peaks at step = warmup, 512^-0.5 · 4000^-0.5 ≈ 6.988e-4.
    const peak = createSchedule({ type: 'noam', modelDim: 512, warmupSteps: 4000 }, 1);
    expect(peak.rate(4000)).toBeCloseTo(6.98771242e-4, 10);
    for (const { step, modelDim, warmupSteps, factor, rate } of fixtures.noam) {
      const schedule = createSchedule({ type: 'noam', modelDim, warmupSteps, factor }, 123);
      expect(schedule.rate(step)).toBeCloseTo(rate, 15);
    }
  });

  it('inverse-sqrt warms up linearly to the peak and decays as 1/√step', () => {
    const schedule = createSchedule({ type: 'inverse-sqrt', warmupSteps: 100 }, 1e-3);
    expect(schedule.rate(1)).toBeCloseTo(1e-5, 15);
    expect(schedule.rate(50)).toBeCloseTo(5e-4, 15);
    expect(schedule.rate(100)).toBeCloseTo(1e-3, 15);
    expect(schedule.rate(400)).toBeCloseTo(5e-4, 15);
    // Equals Noam with factor chosen so that the peaks agree.
    const noam = createSchedule(
      { type: 'noam', modelDim: 64, warmupSteps: 100, factor: 1e-3 * 8 * 10 },
      0,
    );
    for (const step of [1, 37, 100, 101, 1000])
      expect(schedule.rate(step)).toBeCloseTo(noam.rate(step), 12);
  });

  it("linear warmup + decay is Hugging Face's λ(step)·peak", () => {
    const schedule = createSchedule({ type: 'linear', warmupSteps: 10, totalSteps: 100 }, 2e-3);
    for (const { step, lambda } of fixtures.linear)
      expect(schedule.rate(step)).toBeCloseTo(2e-3 * lambda, 15);
    const floor = createSchedule({ type: 'linear', totalSteps: 10, finalFraction: 0.1 }, 1);
    expect([1, 5, 10, 20].map((step) => floor.rate(step))).toEqual([0.91, 0.55, 0.1, 0.1]);
  });

  it("cosine warmup + decay is Hugging Face's λ(step)·peak, with a floor", () => {
    const schedule = createSchedule({ type: 'cosine', warmupSteps: 10, totalSteps: 100 }, 2e-3);
    for (const { step, lambda } of cosineFixtures.cosine)
      expect(schedule.rate(step)).toBeCloseTo(2e-3 * lambda, 15);
    expect(schedule.rate(150)).toBe(0);
    const floor = createSchedule({ type: 'cosine', totalSteps: 10, finalFraction: 0.1 }, 1);
    expect(floor.rate(5)).toBeCloseTo(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.5)), 12);
    expect(floor.rate(10)).toBeCloseTo(0.1, 12);
  });

  it('decays over totalSeconds for a run bounded by time, after a warm-up in updates', () => {
    const linear = createSchedule({ type: 'linear', totalSeconds: 60, warmupSteps: 4 }, 1);
    expect(linear.rate(2, 0)).toBeCloseTo(0.5, 12);
    expect(linear.rate(4, 15)).toBeCloseTo(0.75, 12);
    expect(linear.rate(2, 30)).toBeCloseTo(0.25, 12);
    expect(linear.rate(100, 90)).toBe(0);
    const cosine = createSchedule({ type: 'cosine', totalSeconds: 60, finalFraction: 0.2 }, 2);
    expect(cosine.rate(1, 0)).toBeCloseTo(2, 12);
    expect(cosine.rate(50, 30)).toBeCloseTo(2 * (0.2 + 0.8 * 0.5), 12);
    expect(cosine.rate(500, 60)).toBeCloseTo(0.4, 12);
    expect(() => createSchedule({ type: 'cosine', totalSteps: 10, totalSeconds: 60 }, 1)).toThrow(
      'createSchedule: give exactly one of totalSteps and totalSeconds. Received: totalSteps=10, totalSeconds=60',
    );
    expect(() => createSchedule({ type: 'linear' }, 1)).toThrow(
      'give exactly one of totalSteps and totalSeconds',
    );
    expect(() => createSchedule({ type: 'linear', totalSeconds: -1 }, 1)).toThrow(
      'createSchedule: totalSeconds must be a positive number. Received: totalSeconds=-1',
    );
  });

  it('reduce-on-plateau follows torch ReduceLROnPlateau step for step', () => {
    for (const { options, metrics, rates } of fixtures.plateau) {
      const { min_lr: minLearningRate, ...rest } = options as Record<string, number | string>;
      const schedule = createSchedule(
        {
          type: 'plateau',
          ...rest,
          ...(minLearningRate === undefined ? {} : { minLearningRate }),
        } as never,
        1,
      );
      const observed = metrics.map((metric) => {
        schedule.observe(metric);
        return schedule.rate(1);
      });
      observed.forEach((rate, i) => {
        expect(rate).toBeCloseTo(rates[i] as number, 12);
      });
    }
  });

  it('reduce-on-plateau state round-trips', () => {
    const first = new ReduceOnPlateau(1, { patience: 0, factor: 0.5 });
    for (const value of [3, 2, 2.5]) first.observe(value);
    const second = new ReduceOnPlateau(1, { patience: 0, factor: 0.5 });
    second.setState(JSON.parse(JSON.stringify(first.getState())));
    expect([first.observe(2.2), first.observe(1)]).toEqual([
      second.observe(2.2),
      second.observe(1),
    ]);
    expect(first.rate).toBe(0.25);
  });

  it('rejects bad configs', () => {
    expect(() => createSchedule({ type: 'exponential' } as never, 1)).toThrow(
      "createSchedule: type must be one of 'constant', 'inverse-sqrt', 'noam', 'linear', 'cosine', 'plateau'",
    );
    expect(() => createSchedule({ type: 'inverse-sqrt', warmupSteps: 0 }, 1)).toThrow(
      'createSchedule: warmupSteps must be a positive integer. Received: warmupSteps=0',
    );
    expect(() => createSchedule({ type: 'linear', totalSteps: 5, warmupSteps: 5 }, 1)).toThrow(
      'warmupSteps must be an integer below totalSteps (5)',
    );
    expect(() => createSchedule({ type: 'plateau', patience: 2, wait: 1 } as never, 1)).toThrow(
      "unknown option 'wait'",
    );
  });
});
