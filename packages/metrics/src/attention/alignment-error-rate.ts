import { MetricsError } from '../errors';
import type { AttentionWeights } from './attention-entropy';

/** An alignment link `[targetIndex, sourceIndex]`. */
export type AlignmentLink = readonly [number, number];

/** One sentence's predicted links and its gold standard (`sure` ⊆ `possible`). */
export interface AlignedSentence {
  predicted: readonly AlignmentLink[];
  sure: readonly AlignmentLink[];
  possible: readonly AlignmentLink[];
}

/** Och & Ney (2003) alignment quality, summed over a corpus. */
export interface AlignmentScores {
  /** AER = 1 − (|A∩S| + |A∩P|) / (|A| + |S|), in [0, 1]; 0 is perfect. */
  aer: number;
  /** |A∩P| / |A|. */
  precision: number;
  /** |A∩S| / |S|. */
  recall: number;
  /** |A|, |S| and |P| over the corpus. */
  predicted: number;
  sure: number;
  possible: number;
}

/**
 * The alignment error rate of Och & Ney (2003), "A Systematic Comparison of
 * Various Statistical Alignment Models", with counts summed over sentences
 * before the ratio. Possible links are taken to include the sure ones
 * (P ∪ S), as in the paper; duplicate links count once.
 */
export function alignmentErrorRate(sentences: readonly AlignedSentence[]): AlignmentScores {
  let predicted = 0;
  let sure = 0;
  let possible = 0;
  let predictedSure = 0;
  let predictedPossible = 0;
  for (const sentence of sentences) {
    const a = linkSet(sentence.predicted);
    const s = linkSet(sentence.sure);
    const p = new Set([...linkSet(sentence.possible), ...s]);
    predicted += a.size;
    sure += s.size;
    possible += p.size;
    for (const link of a) {
      if (s.has(link)) predictedSure += 1;
      if (p.has(link)) predictedPossible += 1;
    }
  }
  const denominator = predicted + sure;
  return {
    aer: denominator > 0 ? 1 - (predictedSure + predictedPossible) / denominator : 0,
    precision: predicted > 0 ? predictedPossible / predicted : 0,
    recall: sure > 0 ? predictedSure / sure : 0,
    predicted,
    sure,
    possible,
  };
}

/**
 * The hard alignment attention implies: each target token linked to the
 * source token it gives the most weight (the first on ties), for the target
 * tokens in `targets` (default: every row with any weight).
 */
export function attentionAlignment(
  weights: AttentionWeights,
  targets?: Iterable<number>,
): [number, number][] {
  const rows = targets ? [...targets] : weights.map((_, t) => t);
  const links: [number, number][] = [];
  for (const t of rows) {
    const row = weights[t];
    if (row === undefined) {
      throw new MetricsError(
        `attentionAlignment: target token ${t} is outside the map's ${weights.length} rows`,
      );
    }
    let best = -1;
    let bestWeight = 0;
    let index = 0;
    for (const weight of row) {
      if (weight > bestWeight) {
        best = index;
        bestWeight = weight;
      }
      index += 1;
    }
    if (best >= 0) links.push([t, best]);
  }
  return links;
}

function linkSet(links: readonly AlignmentLink[]): Set<string> {
  return new Set(links.map(([t, s]) => `${t},${s}`));
}
