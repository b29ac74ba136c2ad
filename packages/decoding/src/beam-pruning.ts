import type { BeamSelection, FinishedBeam } from './beam-candidates';
import { lengthPenalty } from './penalties';

/** What a sentence's alive hypotheses must reach to keep a decoder row. */
export interface PruningRule {
  /**
   * Log-prob below which an alive hypothesis can no longer enter the n-best
   * (see `reachableFloor`); −∞ when every one still can.
   */
  floor: number;
  /** Most a hypothesis may trail the sentence's best alive log-prob; ∞ keeps all. */
  margin: number;
}

/** What `reachableFloor` needs to know of the search. */
export interface FloorContext {
  /** Every hypothesis the sentence finished so far. */
  finished: readonly FinishedBeam[];
  nBest: number;
  maxLength: number;
  /** α of the length penalty. */
  lengthPenalty: number;
  /**
   * True when a dropped hypothesis cannot change the result: `'bound'`
   * stopping, refilled slots and final scores (no coverage penalty).
   */
  applies: boolean;
}

/**
 * `lp(maxLength) · s_n`, s_n the `nBest`-th best finished score: an alive
 * hypothesis with a lower log-prob can only fall further, so its best
 * reachable score `logP / lp(maxLength)` stays below s_n and it never enters
 * the n-best (the `'bound'` rule's test, per hypothesis). Every continuation
 * of such a hypothesis ranks below every continuation of the others, so with
 * refilled slots dropping it changes neither which hypotheses stay alive nor
 * which finish in the n-best. −∞ while fewer than `nBest` have finished.
 */
export function reachableFloor(context: FloorContext): number {
  const { finished, nBest } = context;
  if (!context.applies || finished.length < nBest) return Number.NEGATIVE_INFINITY;
  const lastReturned = finished
    .map((beam) => beam.score)
    .sort((x, y) => y - x)
    .at(nBest - 1) as number;
  return lastReturned * lengthPenalty(context.maxLength, context.lengthPenalty);
}

/**
 * The hypotheses of `selection` that keep a decoder row: those with a finite
 * log-prob (an empty beam is −∞), not below `rule.floor`, and at most
 * `rule.margin` below the best of them (relative threshold pruning, Freitag &
 * Al-Onaizan 2017, in log space: an approximation unless the margin is ∞).
 * The order is kept.
 */
export function pruneSelection(selection: BeamSelection, rule: PruningRule): BeamSelection {
  const best = Math.max(...selection.beams.map((beam) => beam.score));
  const threshold = Math.max(rule.floor, best - rule.margin);
  const kept: BeamSelection = { beams: [], rows: [], tokens: [] };
  selection.beams.forEach((beam, j) => {
    if (!Number.isFinite(beam.score) || beam.score < threshold) return;
    kept.beams.push(beam);
    kept.rows.push(selection.rows[j] as number);
    kept.tokens.push(selection.tokens[j] as number);
  });
  return kept;
}
