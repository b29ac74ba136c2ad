import { describe, expect, it } from 'vitest';
import { bleuByLength, bucketIndex, lengthBuckets } from './length-buckets';

describe('length buckets', () => {
  it('labels buckets from their upper edges, with an open last one', () => {
    expect(lengthBuckets([10, 20]).map((bucket) => bucket.label)).toEqual(['1–10', '11–20', '21+']);
  });

  it('puts each length in the bucket whose range holds it', () => {
    const buckets = lengthBuckets([10, 20]);
    expect([1, 10, 11, 20, 21, 90].map((length) => bucketIndex(buckets, length))).toEqual([
      0, 0, 1, 1, 2, 2,
    ]);
  });

  it('scores each bucket on its own sentences, null when empty', () => {
    const references = ['the cat sat on the mat', 'a b c d e f g h', 'one two three four five'];
    const perfect = [...references];
    const wrong = ['x', 'a b c d e f g h', 'one two three four five'];
    const scores = bleuByLength(lengthBuckets([5, 10]), [3, 8, 12], references, perfect, wrong);
    expect(scores.map((score) => score.sentences)).toEqual([1, 1, 1]);
    for (const score of scores) expect(score.greedyBleu).toBeCloseTo(100, 9);
    expect(scores[0]?.beamBleu).toBe(0);
    expect(scores[1]?.beamBleu).toBeCloseTo(100, 9);
    const empty = bleuByLength(lengthBuckets([5]), [2], ['a b'], ['a b'], ['a b']);
    expect(empty[1]).toMatchObject({ label: '6+', sentences: 0, greedyBleu: null, beamBleu: null });
  });
});
