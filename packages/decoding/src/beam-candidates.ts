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
  /** Candidates per sentence (2k, or k·V when smaller). */
  candidates: number;
  beamSize: number;
  eosId: number;
  step: number;
  /** True at `maxLength`: the best k candidates finish with or without EOS. */
  last: boolean;
  /** The sentence's alive beams before this step. */
  alive: readonly AliveBeam[];
}

/**
 * One sentence's share of a beam-search step (fairseq's rule): walking the
 * candidates best first, one ending in EOS among the best k is set aside as
 * finished (at most k finished per sentence), other EOS candidates are
 * dropped, and the best k non-EOS candidates stay alive. `finished` is
 * appended to in place.
 */
export function selectCandidates(
  context: CandidateContext,
  finished: FinishedBeam[],
): BeamSelection {
  const { values, slot, candidates, beamSize: k, eosId, step, last, alive } = context;
  const selection: BeamSelection = { beams: [], rows: [], tokens: [] };
  for (let j = 0; j < candidates; j++) {
    const offset = (slot * candidates + j) * 3;
    const score = values[offset] ?? -Infinity;
    const beam = values[offset + 1] ?? 0;
    const token = values[offset + 2] ?? eosId;
    const row = slot * k + beam;
    const node = { parent: alive[beam]?.node, token, step, row };
    const isEos = token === eosId;
    if (j < k && Number.isFinite(score) && (isEos || last)) {
      if (finished.length < k) finished.push({ node, logProb: score, reachedEos: isEos });
    } else if (!isEos && selection.beams.length < k) {
      selection.beams.push({ node, score });
      selection.rows.push(row);
      selection.tokens.push(token);
    }
  }
  return selection;
}
