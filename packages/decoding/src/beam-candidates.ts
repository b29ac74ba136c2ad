import { lengthPenalty } from './penalties';

/** A generated token linked to its prefix; `step` and `row` locate its attention. */
export interface TokenNode {
  readonly parent: TokenNode | undefined;
  readonly token: number;
  readonly step: number;
  /** The row (in step `step`'s layout) whose output produced this token. */
  readonly row: number;
}

/** A live hypothesis of beam search. */
export interface AliveBeam {
  /** Its last token; undefined before the first step. */
  readonly node: TokenNode | undefined;
  /** Cumulative log-prob; −∞ for an empty beam. */
  readonly score: number;
}

/** A hypothesis set aside as finished. */
export interface FinishedBeam {
  readonly node: TokenNode;
  readonly logProb: number;
  /** `logProb / lp(|Y|)`: its rank before the coverage penalty. */
  readonly score: number;
  readonly reachedEos: boolean;
}

/** The alive beams a sentence continues with, and where their rows come from. */
export interface BeamSelection {
  beams: AliveBeam[];
  /** Row of the current layout that each beam continues. */
  rows: number[];
  /** Token each beam feeds to the next step. */
  tokens: number[];
}

/** Where one sentence's candidates of this step are and what they continue. */
export interface CandidateContext {
  /** `[sentences, 2k, 3]` flat: score, beam, token per candidate, best first. */
  values: ArrayLike<number>;
  /** Position of the sentence in the current batch. */
  slot: number;
  /** The row of the sentence's first alive beam in this step's layout; beam j is row `firstRow + j`. */
  firstRow: number;
  /** Candidates per sentence (2k, or k·V when smaller). */
  candidates: number;
  beamSize: number;
  eosId: number;
  step: number;
  /** True at `maxLength`: the best k candidates finish with or without EOS. */
  last: boolean;
  /** The sentence's alive beams before this step. */
  alive: readonly AliveBeam[];
  /** α of the length penalty that finished hypotheses are scored with. */
  lengthPenalty: number;
}

/** What a sentence has finished so far. */
export interface SentenceFinished {
  /** Every hypothesis kept as finished (appended to in place). */
  all: FinishedBeam[];
  /** Most hypotheses `all` may hold: k under fairseq's rule, unlimited otherwise. */
  limit: number;
}

/**
 * One sentence's share of a beam-search step when finished hypotheses give
 * their slots back (fairseq): walking the candidates best first, one ending
 * in EOS among the best k is set aside as finished (up to `finished.limit`),
 * other EOS candidates are dropped, and the best k non-EOS candidates stay
 * alive. `finished.all` is appended to in place.
 */
export function selectRefilling(
  context: CandidateContext,
  finished: SentenceFinished,
): BeamSelection {
  const { candidates, beamSize: k, eosId, step, last } = context;
  const selection: BeamSelection = { beams: [], rows: [], tokens: [] };
  for (let j = 0; j < candidates; j++) {
    const { score, token, row, node } = readCandidate(context, j);
    const isEos = token === eosId;
    if (j < k && Number.isFinite(score) && (isEos || last)) {
      if (finished.all.length < finished.limit) {
        finished.all.push(finish(node, score, isEos, step, context.lengthPenalty));
      }
    } else if (!isEos && selection.beams.length < k) {
      selection.beams.push({ node, score });
      selection.rows.push(row);
      selection.tokens.push(token);
    }
  }
  return selection;
}

/**
 * One sentence's share of a beam-search step when finished hypotheses keep
 * their slots (TF Addons `BeamSearchDecoder`, tensorflow/nmt): the k slots go
 * to the best k of the finished hypotheses already holding a slot (`held`)
 * and this step's expansions (EOS included), ranked by `logP / lp(|Y|)`. An
 * expansion ending in EOS (or any, at `maxLength`) becomes finished and holds
 * its slot; the others stay alive, so the alive set shrinks as hypotheses
 * finish. A held hypothesis pushed out by better expansions stays in
 * `finished.all`. `held` and `finished.all` are updated in place.
 */
export function selectKeepingSlots(
  context: CandidateContext,
  finished: SentenceFinished,
  held: FinishedBeam[],
): BeamSelection {
  const { candidates, beamSize: k, eosId, step, last } = context;
  // Every expansion of this step has |Y| = step + 1, so the device's order by log-prob is their rank order.
  const penalty = lengthPenalty(step + 1, context.lengthPenalty);
  const expansions = Array.from({ length: candidates }, (_, j) => readCandidate(context, j)).filter(
    (candidate) => Number.isFinite(candidate.score),
  );
  const keptHeld: FinishedBeam[] = [];
  const selection: BeamSelection = { beams: [], rows: [], tokens: [] };
  let h = 0;
  let e = 0;
  while (keptHeld.length + selection.beams.length < k) {
    const heldBeam = held[h];
    const expansion = expansions[e];
    if (!heldBeam && !expansion) break;
    if (heldBeam && (!expansion || heldBeam.score >= expansion.score / penalty)) {
      keptHeld.push(heldBeam);
      h++;
      continue;
    }
    if (!expansion) break;
    e++;
    const isEos = expansion.token === eosId;
    if (isEos || last) {
      const beam = finish(expansion.node, expansion.score, isEos, step, context.lengthPenalty);
      finished.all.push(beam);
      keptHeld.push(beam);
    } else {
      selection.beams.push({ node: expansion.node, score: expansion.score });
      selection.rows.push(expansion.row);
      selection.tokens.push(expansion.token);
    }
  }
  held.splice(0, held.length, ...keptHeld.sort((x, y) => y.score - x.score));
  return selection;
}

function readCandidate(context: CandidateContext, j: number) {
  const { values, slot, firstRow, candidates, eosId, step, alive } = context;
  const offset = (slot * candidates + j) * 3;
  const score = values[offset] ?? -Infinity;
  const beam = values[offset + 1] ?? 0;
  const token = values[offset + 2] ?? eosId;
  const row = firstRow + beam;
  const node: TokenNode = { parent: alive[beam]?.node, token, step, row };
  return { score, token, row, node };
}

function finish(
  node: TokenNode,
  logProb: number,
  reachedEos: boolean,
  step: number,
  alpha: number,
): FinishedBeam {
  return { node, logProb, score: logProb / lengthPenalty(step + 1, alpha), reachedEos };
}
