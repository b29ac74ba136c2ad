import { MetricsError } from './errors';

/** One reference line: a string (possibly empty), or `null`/`undefined` when missing. */
export type ReferenceLine = string | null | undefined;

/**
 * References in sacreBLEU's layout: one or more reference streams, each as
 * long as the hypotheses (`references[k][i]` is the k-th reference of
 * segment i). A single stream may be passed as a plain array of lines.
 */
export type ReferenceStreams = readonly ReferenceLine[] | readonly (readonly ReferenceLine[])[];

/**
 * Regroups reference streams per segment as sacreBLEU ≥ 2.2 does: an empty
 * reference (`''`) is kept (it matches nothing and has length 0), a missing
 * one (`null`/`undefined`, sacreBLEU's `None`) is dropped, so segments may
 * have different numbers of references. A segment with no reference at all
 * is an error.
 * Returns the per-segment references and the signature's `nrefs` value
 * (a number, or `var` when it differs between segments).
 */
export function segmentReferences(
  owner: string,
  hypothesisCount: number,
  references: ReferenceStreams,
): { segments: string[][]; nrefs: number | 'var' } {
  const streams = (
    references.every((line) => !Array.isArray(line))
      ? [references as readonly ReferenceLine[]]
      : references
  ) as readonly (readonly ReferenceLine[])[];
  streams.forEach((stream, k) => {
    if (!Array.isArray(stream) || stream.length !== hypothesisCount) {
      throw new MetricsError(
        `${owner}: every reference stream must have one line per hypothesis (${hypothesisCount}). Received: references[${k}].length=${Array.isArray(stream) ? stream.length : typeof stream}`,
      );
    }
  });
  const counts = new Set<number>();
  const segments: string[][] = [];
  for (let i = 0; i < hypothesisCount; i++) {
    const lines = streams
      .map((s) => s[i])
      .filter((line): line is string => {
        if (line !== undefined && line !== null && typeof line !== 'string') {
          throw new MetricsError(
            `${owner}: references must be strings. Received: ${typeof line} at segment ${i}`,
          );
        }
        return typeof line === 'string';
      });
    if (lines.length === 0) {
      throw new MetricsError(
        `${owner}: segment ${i} has no reference: its line is missing (null or undefined) in every reference stream`,
      );
    }
    counts.add(lines.length);
    segments.push(lines);
  }
  const [only] = counts;
  if (counts.size > 1) return { segments, nrefs: 'var' };
  return { segments, nrefs: only ?? streams.length };
}

/** Throws unless `hypotheses` is an array of strings. */
export function assertHypotheses(owner: string, hypotheses: readonly string[]): void {
  if (!Array.isArray(hypotheses)) {
    throw new MetricsError(
      `${owner}: hypotheses must be an array of strings. Received: ${typeof hypotheses}`,
    );
  }
  hypotheses.forEach((h, i) => {
    if (typeof h !== 'string') {
      throw new MetricsError(
        `${owner}: hypotheses must be strings. Received: ${typeof h} at segment ${i}`,
      );
    }
  });
}
