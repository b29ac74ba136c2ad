import type { AliveBeam, FinishedBeam } from './beam-candidates';
import { lengthPenalty } from './penalties';

/**
 * When beam search stops a sentence before `maxLength`:
 * - `'bound'`: once no alive hypothesis can still beat the `nBest`-th best
 *   finished one under the length penalty (its log-prob can only fall, so its
 *   best reachable score is `logP / lp(maxLength)`): the n-best returned can
 *   no longer change;
 * - `'k-finished'`: once k hypotheses have finished (fairseq);
 * - `'never'`: only when no hypothesis is alive.
 */
export type EarlyStopping = 'bound' | 'k-finished' | 'never';

export const EARLY_STOPPING_RULES: readonly EarlyStopping[] = ['bound', 'k-finished', 'never'];

/** A sentence's search after one step. */
export interface SentenceProgress {
  rule: EarlyStopping;
  /** True at `maxLength`. */
  last: boolean;
  /** Every hypothesis finished so far. */
  finished: readonly FinishedBeam[];
  /**
   * Finished hypotheses that `'k-finished'` counts: all of them when finished
   * slots are refilled, those holding a slot otherwise (k of them hold every
   * slot only when none is alive: TF Addons' rule).
   */
  finishedCount: number;
  /** The alive beams it continues with (−∞ scores are empty beams). */
  alive: readonly AliveBeam[];
  beamSize: number;
  /** Hypotheses the search returns; `'bound'` waits until that many have finished. */
  nBest: number;
  maxLength: number;
  /** α of the length penalty. */
  lengthPenalty: number;
  /**
   * Whether finished scores are final now; false with a coverage penalty,
   * which is known only once the search reads the attention back.
   */
  scoresFinal: boolean;
}

/** Whether the sentence's search is over. */
export function sentenceDone(progress: SentenceProgress): boolean {
  const { rule, alive, beamSize: k } = progress;
  const bestAlive = Math.max(...alive.map((beam) => beam.score));
  if (progress.last || !Number.isFinite(bestAlive)) return true;
  if (rule === 'k-finished') return progress.finishedCount >= k;
  if (rule === 'never' || !progress.scoresFinal) return false;
  return bestAlive <= reachableFloor(progress);
}

/**
 * `lp(maxLength) · s_n`, s_n the `nBest`-th best finished score: an alive
 * hypothesis's log-prob can only fall, so its best reachable score is
 * `logP / lp(maxLength)`, and one whose log-prob is at most this floor can
 * never enter the n-best (`'bound'` stops a sentence once its best alive
 * hypothesis is there). −∞ while fewer than `nBest` have finished.
 */
export function reachableFloor(
  progress: Pick<SentenceProgress, 'finished' | 'nBest' | 'maxLength' | 'lengthPenalty'>,
): number {
  const { finished, nBest } = progress;
  if (finished.length < nBest) return Number.NEGATIVE_INFINITY;
  const lastReturned = finished
    .map((beam) => beam.score)
    .sort((x, y) => y - x)
    .at(nBest - 1) as number;
  return lastReturned * lengthPenalty(progress.maxLength, progress.lengthPenalty);
}
