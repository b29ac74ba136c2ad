import { describe, expect, it } from 'vitest';
import { matchTransformerSize } from './match-transformer-size';

describe('matchTransformerSize', () => {
  // A quadratic like a Transformer's: 56·d² + 1400·d + 900.
  const count = (d: number) => 56 * d * d + 1400 * d + 900;

  it('picks the multiple of the head count closest to the target', () => {
    const target = count(72) + 100;
    const size = matchTransformerSize(target, 4, count);
    expect(size.dimension).toBe(72);
    expect(size.parameters).toBe(count(72));
    expect(size.relativeDifference).toBeCloseTo(count(72) / target - 1, 12);
  });

  it('rounds to the nearer multiple and counts only a handful of widths', () => {
    const widths: number[] = [];
    const size = matchTransformerSize(count(70), 8, (d) => {
      widths.push(d);
      return count(d);
    });
    // 70 lies between 64 and 72; 72 is nearer in parameters.
    expect(size.dimension).toBe(72);
    expect(widths.length).toBeLessThanOrEqual(5);
  });

  it('never goes below one dimension per head', () => {
    expect(matchTransformerSize(10, 4, count).dimension).toBe(4);
  });
});
