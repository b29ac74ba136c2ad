import { describe, expect, it } from 'vitest';
import fixture from '../../test/fixtures/attention-sharpness.json';
import { alignmentErrorRate, attentionAlignment } from './alignment-error-rate';
import { attentionEntropy } from './attention-entropy';

/** Expected values: a NumPy transcription (`test/fixtures/attention-sharpness.py`). */
describe('attentionEntropy', () => {
  it('matches NumPy on random maps with masked keys and masked queries', () => {
    const sharpness = attentionEntropy(fixture.maps);
    expect(sharpness.entropy).toBeCloseTo(fixture.entropy, 12);
    expect(sharpness.normalizedEntropy).toBeCloseTo(fixture.normalizedEntropy, 12);
    expect(sharpness.tokens).toBe(fixture.tokens);
  });

  it('is 0 for one-hot weights and ln S (normalised 1) for uniform ones', () => {
    expect(attentionEntropy([[[0, 1, 0]]])).toEqual({
      entropy: 0,
      normalizedEntropy: 0,
      tokens: 1,
    });
    const uniform = attentionEntropy([[Float32Array.from([0.25, 0.25, 0.25, 0.25])]]);
    expect(uniform.entropy).toBeCloseTo(Math.log(4), 6);
    expect(uniform.normalizedEntropy).toBeCloseTo(1, 6);
  });

  it('names a negative or NaN weight and where it is', () => {
    expect(() => attentionEntropy([[[1, 0]], [[0.5, Number.NaN]]])).toThrow(
      'attentionEntropy: weights must be finite and non-negative. Received: NaN in map 1, target token 0',
    );
  });
});

describe('alignmentErrorRate', () => {
  it('matches NumPy on random gold alignments', () => {
    const scores = alignmentErrorRate(
      fixture.sentences.map((sentence) => ({
        predicted: sentence.predicted as [number, number][],
        sure: sentence.sure as [number, number][],
        possible: sentence.possible as [number, number][],
      })),
    );
    expect(scores.aer).toBeCloseTo(fixture.aer, 12);
    expect(scores.precision).toBeCloseTo(fixture.precision, 12);
    expect(scores.recall).toBeCloseTo(fixture.recall, 12);
    expect({ predicted: scores.predicted, sure: scores.sure, possible: scores.possible }).toEqual(
      fixture.counts,
    );
  });

  it('is 0 for links that hit every sure link and stay within the possible ones', () => {
    const gold = {
      sure: [[0, 0] as const],
      possible: [[1, 1] as const, [1, 2] as const],
    };
    expect(
      alignmentErrorRate([
        {
          ...gold,
          predicted: [
            [0, 0],
            [1, 2],
          ],
        },
      ]).aer,
    ).toBe(0);
    // Missing the sure link and one link outside P: 1 − (0 + 1) / (2 + 1).
    expect(
      alignmentErrorRate([
        {
          ...gold,
          predicted: [
            [0, 1],
            [1, 1],
          ],
        },
      ]).aer,
    ).toBeCloseTo(2 / 3, 12);
  });
});

describe('attentionAlignment', () => {
  it('links each target token with its most attended source token, as NumPy argmax', () => {
    fixture.maps.forEach((map, m) => {
      const links = attentionAlignment(map).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      expect(links).toEqual(fixture.sentences[m]?.predicted);
    });
  });

  it('takes only the requested target tokens and names one outside the map', () => {
    expect(
      attentionAlignment(
        [
          [0.2, 0.8],
          [0.9, 0.1],
        ],
        [1],
      ),
    ).toEqual([[1, 0]]);
    expect(() => attentionAlignment([[1]], [3])).toThrow(
      "attentionAlignment: target token 3 is outside the map's 1 rows",
    );
  });
});
