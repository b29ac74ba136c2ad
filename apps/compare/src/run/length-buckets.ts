import { corpusBleu } from '@heed/metrics';
import type { BucketScore } from './model-result';

/** A range of source lengths, both ends inclusive; `max` undefined for the open last bucket. */
export interface LengthBucket {
  label: string;
  min: number;
  max: number | undefined;
}

/**
 * Buckets from upper edges: `[10, 20, 30]` → `1–10`, `11–20`, `21–30`, `31+`.
 * Lengths count source tokens without the EOS.
 */
export function lengthBuckets(edges: readonly number[]): LengthBucket[] {
  const buckets: LengthBucket[] = [];
  let min = 1;
  for (const edge of edges) {
    buckets.push({ label: `${min}–${edge}`, min, max: edge });
    min = edge + 1;
  }
  buckets.push({ label: `${min}+`, min, max: undefined });
  return buckets;
}

/** The index of the bucket that holds `length` (lengths below 1 go to the first). */
export function bucketIndex(buckets: readonly LengthBucket[], length: number): number {
  const index = buckets.findIndex((bucket) => bucket.max === undefined || length <= bucket.max);
  return index === -1 ? buckets.length - 1 : index;
}

/**
 * Corpus BLEU of each length bucket's sentences, for greedy and beam
 * hypotheses: the measurement behind Bahdanau et al. (2014), Fig. 2.
 */
export function bleuByLength(
  buckets: readonly LengthBucket[],
  sourceLengths: readonly number[],
  references: readonly string[],
  greedy: readonly string[],
  beam: readonly string[],
): BucketScore[] {
  const members = buckets.map(() => [] as number[]);
  sourceLengths.forEach((length, i) => {
    members[bucketIndex(buckets, length)]?.push(i);
  });
  return buckets.map((bucket, b) => {
    const indices = members[b] ?? [];
    const score = (hypotheses: readonly string[]) =>
      indices.length === 0
        ? null
        : corpusBleu(
            indices.map((i) => hypotheses[i] as string),
            [indices.map((i) => references[i] as string)],
          ).score;
    return {
      label: bucket.label,
      min: bucket.min,
      max: bucket.max ?? null,
      sentences: indices.length,
      greedyBleu: score(greedy),
      beamBleu: score(beam),
    };
  });
}
