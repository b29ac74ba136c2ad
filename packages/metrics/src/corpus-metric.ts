import type { ReferenceStreams } from './references';

/**
 * A corpus-level metric split the way sacreBLEU's `Metric` is: sufficient
 * statistics per segment, summed over any selection of segments, then one
 * score from the sums. Resampling tests (`pairedBootstrap`) score thousands
 * of resampled corpora from the statistics computed once.
 */
export interface CorpusMetric {
  /** `BLEU`, `chrF2`, … */
  name: string;
  /** One row of statistics per segment, every row the same length. */
  segmentStatistics(hypotheses: readonly string[], references: ReferenceStreams): number[][];
  /** The corpus score (0–100) from column sums of `segmentStatistics` rows. */
  score(sums: readonly number[]): number;
}

/** Column sums of `rows`, each `width` long. */
export function sumRows(rows: readonly (readonly number[])[], width: number): number[] {
  const sums = new Array<number>(width).fill(0);
  for (const row of rows) {
    for (let k = 0; k < width; k++) sums[k] = (sums[k] as number) + (row[k] as number);
  }
  return sums;
}
