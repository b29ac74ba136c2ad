import { describe, expect, it } from 'vitest';
import { COVERAGE_FLOOR, coveragePenalty, lengthPenalty } from './penalties';

describe('penalties', () => {
  it('lengthPenalty is ((5 + |Y|) / 6)^α, 1 for α = 0', () => {
    expect(lengthPenalty(7, 0)).toBe(1);
    expect(lengthPenalty(1, 1)).toBe(1);
    expect(lengthPenalty(7, 0.6)).toBeCloseTo(2 ** 0.6, 12);
  });

  it('coveragePenalty is β Σ log(min(coverage, 1)), floored', () => {
    expect(coveragePenalty([1.5, 1, 2], 0.7)).toBe(0);
    expect(coveragePenalty([0.5, 1.2], 2)).toBeCloseTo(2 * Math.log(0.5), 12);
    expect(coveragePenalty([0], 1)).toBeCloseTo(Math.log(COVERAGE_FLOOR), 12);
  });
});
