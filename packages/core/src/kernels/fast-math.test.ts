import { describe, expect, it } from 'vitest';
import { exp, sigmoid, tanh } from './fast-math';

/** Largest |f(x) − reference(x)| (relative: divided by |reference(x)|) over `xs`. */
function worstError(
  f: (x: number) => number,
  reference: (x: number) => number,
  xs: number[],
  relative: boolean,
): number {
  let worst = 0;
  for (const x of xs) {
    const want = reference(x);
    const error = Math.abs(f(x) - want) / (relative ? Math.abs(want) : 1);
    if (error > worst) worst = error;
  }
  return worst;
}

/** `count` evenly spaced points from `low` to `high`. */
function grid(low: number, high: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => low + ((high - low) * i) / (count - 1));
}

describe('fast scalar functions', () => {
  it('exp is within 1e-8 relative of Math.exp from −103 to 88', () => {
    expect(worstError(exp, Math.exp, grid(-103, 88, 200_001), true)).toBeLessThan(1e-8);
    // Near 0, where a softmax row's maximum lands.
    expect(worstError(exp, Math.exp, grid(-1e-3, 1e-3, 2001), true)).toBeLessThan(1e-8);
    expect(exp(0)).toBe(1);
  });

  it('exp is Math.exp outside its table and for non-numbers', () => {
    for (const x of [-1000, -104, 89, 700, -Infinity, Infinity]) expect(exp(x)).toBe(Math.exp(x));
    expect(exp(Number.NaN)).toBeNaN();
  });

  it('tanh and sigmoid are within 3e-7 and 2e-7 of the exact values', () => {
    const xs = grid(-20, 20, 100_001);
    expect(worstError(tanh, Math.tanh, xs, false)).toBeLessThan(3e-7);
    expect(worstError(sigmoid, (x) => 1 / (1 + Math.exp(-x)), xs, false)).toBeLessThan(2e-7);
  });
});
