import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from './random';

const draw = (random: Random, count: number) =>
  Array.from({ length: count }, () => random.nextUint32());

function moments(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

describe('Random', () => {
  it('gives the same stream for the same seed and different streams for different seeds', () => {
    expect(draw(new Random(42), 50)).toEqual(draw(new Random(42), 50));
    expect(draw(new Random(42), 50)).not.toEqual(draw(new Random(43), 50));
    expect(draw(new Random(), 5)).toEqual(draw(new Random(0), 5));
  });

  it('uses the high bits of seeds beyond 32 bits', () => {
    expect(draw(new Random(2 ** 32 + 5), 5)).not.toEqual(draw(new Random(5), 5));
  });

  it('is xoshiro128** (reference outputs for state [1, 2, 3, 4])', () => {
    const random = new Random();
    random.setState([1, 2, 3, 4]);
    // From Vigna's reference C code, transcribed in Python.
    expect(draw(random, 4)).toEqual([11520, 0, 5927040, 70819200]);
  });

  it('keeps its seeding pinned, so the same seed gives the same weights in every version', () => {
    expect(draw(new Random(1234), 4)).toEqual([1927626933, 2777857285, 1362201715, 1134824276]);
    expect(new Random(1234).fork('param:W1').nextUint32()).toBe(2459114026);
  });

  it('forks streams that depend on the label and leave the parent untouched', () => {
    const parent = new Random(7);
    const a = draw(parent.fork('a'), 20);
    const b = draw(parent.fork('b'), 20);
    expect(a).not.toEqual(b);
    expect(draw(parent.fork('a'), 20)).toEqual(a);
    expect(draw(parent, 20)).toEqual(draw(new Random(7), 20));
    expect(a).not.toEqual(draw(new Random(7), 20));
    // Draws from one fork do not move another.
    const first = parent.fork('x');
    const second = parent.fork('y');
    const expected = draw(parent.fork('y'), 5);
    draw(first, 100);
    expect(draw(second, 5)).toEqual(expected);
  });

  it('gives forked streams that look independent (low correlation)', () => {
    const parent = new Random(3);
    const x = Array.from(
      { length: 4000 },
      (
        (r) => () =>
          r.next()
      )(parent.fork('left')),
    );
    const y = Array.from(
      { length: 4000 },
      (
        (r) => () =>
          r.next()
      )(parent.fork('right')),
    );
    const mx = moments(x);
    const my = moments(y);
    const covariance = x.reduce((sum, xi, i) => sum + (xi - mx.mean) * ((y[i] ?? 0) - my.mean), 0);
    expect(Math.abs(covariance / x.length / (mx.std * my.std))).toBeLessThan(0.05);
  });

  it('restores a saved state exactly', () => {
    const random = new Random(99);
    draw(random, 10);
    const state = random.getState();
    expect(state).toHaveLength(4);
    const next = draw(random, 10);
    random.setState(state);
    expect(draw(random, 10)).toEqual(next);
    const copy = new Random(0);
    copy.setState(JSON.parse(JSON.stringify(state)));
    random.setState(state);
    expect(draw(copy, 10)).toEqual(draw(random, 10));
    expect(() => random.setState([1, 2, 3])).toThrow(
      'Random: state must have 4 words. Received: 3',
    );
  });

  it('draws normals with the requested mean and standard deviation', () => {
    const random = new Random(5);
    const standard = moments(Array.from({ length: 20000 }, () => random.normal()));
    expect(Math.abs(standard.mean)).toBeLessThan(0.03);
    expect(Math.abs(standard.std - 1)).toBeLessThan(0.03);
    const shifted = moments(Array.from({ length: 20000 }, () => random.normal(3, 0.5)));
    expect(Math.abs(shifted.mean - 3)).toBeLessThan(0.015);
    expect(Math.abs(shifted.std - 0.5)).toBeLessThan(0.015);
  });

  it('keeps next, uniform and int in range', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
        const random = new Random(seed);
        for (let i = 0; i < 20; i++) {
          const u = random.next();
          expect(u >= 0 && u < 1).toBe(true);
          const v = random.uniform(-2, 3);
          expect(v >= -2 && v < 3).toBe(true);
          const k = random.int(n);
          expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('shuffles in place into a seeded permutation', () => {
    const items = Array.from({ length: 30 }, (_, i) => i);
    const shuffled = new Random(1).shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(new Random(1).shuffle([...items])).toEqual(shuffled);
    const array = [1, 2, 3];
    expect(new Random(2).shuffle(array)).toBe(array);
  });
});
