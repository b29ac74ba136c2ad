import type { BeamSelection } from './beam-candidates';

/** What a sentence's alive hypotheses must reach to keep a decoder row. */
export interface PruningRule {
  /**
   * Log-prob below which an alive hypothesis is dropped: `reachableFloor`
   * when dropping it cannot change the result (`'bound'`, refilled slots, no
   * coverage penalty: every continuation of such a hypothesis ranks below
   * every continuation of the others), else −∞.
   */
  floor: number;
  /** Most a hypothesis may trail the sentence's best alive log-prob; ∞ keeps all. */
  margin: number;
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
