import { describe, expect, it } from 'vitest';
import { sequenceAccuracy, tokenAccuracy } from './accuracy';
import { perplexity, perplexityFromMeanLoss } from './perplexity';

describe('tokenAccuracy', () => {
  it('skips padding targets (id 0) by default', () => {
    const result = tokenAccuracy(
      [
        [5, 6, 7, 9],
        [4, 4, 0, 0],
      ],
      [
        [5, 6, 8, 0],
        [4, 3, 0, 0],
      ],
    );
    expect(result).toEqual({ correct: 3, total: 5, accuracy: 0.6 });
  });

  it('takes flat typed arrays and ignoreId null', () => {
    const result = tokenAccuracy(Int32Array.from([1, 0, 2]), Int32Array.from([1, 0, 3]), {
      ignoreId: null,
    });
    expect(result).toEqual({ correct: 2, total: 3, accuracy: 2 / 3 });
  });

  it('rejects shape mismatches', () => {
    expect(() => tokenAccuracy([[1, 2]], [[1]])).toThrow(
      'tokenAccuracy: row 0 of predictions and targets must have the same length. Received: 2 and 1',
    );
  });
});

describe('sequenceAccuracy', () => {
  it('counts a sequence right only when every scored token is', () => {
    const result = sequenceAccuracy(
      [
        [1, 2, 9],
        [1, 2, 3],
      ],
      [
        [1, 2, 0],
        [1, 2, 4],
      ],
    );
    expect(result).toEqual({ correct: 1, total: 2, accuracy: 0.5 });
  });
});

describe('perplexity', () => {
  it('is exp of the mean negative log-likelihood', () => {
    expect(perplexity(Math.log(10) * 4, 4)).toBeCloseTo(10, 12);
    expect(perplexityFromMeanLoss(0)).toBe(1);
  });

  it('rejects non-finite losses and empty counts', () => {
    expect(() => perplexity(Number.NaN, 3)).toThrow(
      /totalNegativeLogLikelihood must be a finite number/,
    );
    expect(() => perplexity(1, 0)).toThrow(
      'perplexity: tokenCount must be a positive integer. Received: tokenCount=0',
    );
  });
});
