import type { TabularModel } from './tabular-model';

/** Options of `referenceBeamSearch`, with the meanings `beamSearch` gives them. */
export interface ReferenceOptions {
  beamSize: number;
  /** Hypotheses wanted; `'bound'` stops on the nBest-th best finished path. Defaults to beamSize. */
  nBest?: number;
  maxLength: number;
  lengthPenalty: number;
  earlyStopping: 'bound' | 'k-finished' | 'never';
  refill: boolean;
}

interface Path {
  tokens: number[];
  logProb: number;
  /** |Y|: tokens, the EOS included. */
  length: number;
  finished: boolean;
  reachedEos: boolean;
}

/**
 * Beam search over the toy model's table for one sentence, in float64 and
 * written from the rules' sources rather than from the package's code:
 * - refill (fairseq `sequence_generator.py`): candidates are all expansions of
 *   the alive paths by log-prob; those ending in EOS among the best k finish
 *   (the first k only under 'k-finished'), the best k others stay alive; at
 *   `maxLength` the best k finish;
 * - no refill (TF Addons `BeamSearchDecoder`): the k slots are the best k of
 *   the finished paths in the beam (one candidate each, unchanged) and the
 *   alive paths' expansions, ranked by logP / lp(|Y|);
 * - stopping: 'k-finished' once k finished (no refill: once every slot holds
 *   a finished path); 'bound' once the nBest-th best finished path scores at
 *   least the best alive log-prob over lp(maxLength); 'never' when none alive.
 * Returns every finished path, best first by logP / lp(|Y|).
 */
export function referenceBeamSearch(
  model: TabularModel,
  sourceFirstToken: number,
  options: ReferenceOptions,
  eosId = 2,
  bosId = 1,
): Path[] {
  const { beamSize: k, maxLength, lengthPenalty: alpha, earlyStopping, refill } = options;
  const nBest = options.nBest ?? k;
  const rank = (path: Path) => path.logProb / ((5 + path.length) / 6) ** alpha;
  const byRank = (x: Path, y: Path) => rank(y) - rank(x);
  const finished: Path[] = [];
  let beam: Path[] = [{ tokens: [], logProb: 0, length: 0, finished: false, reachedEos: false }];
  for (let step = 0; step < maxLength; step++) {
    const last = step === maxLength - 1;
    const expansions = beam
      .filter((path) => !path.finished)
      .flatMap((path) => {
        const previous = path.tokens.at(-1) ?? bosId;
        return model.logProbs(sourceFirstToken, step, previous).map((logProb, token) => {
          const reachedEos = token === eosId;
          return {
            tokens: reachedEos ? path.tokens : [...path.tokens, token],
            logProb: path.logProb + logProb,
            length: step + 1,
            finished: reachedEos || last,
            reachedEos,
          };
        });
      })
      .sort((x, y) => y.logProb - x.logProb);
    if (refill) {
      const limit = earlyStopping === 'k-finished' ? k : Number.POSITIVE_INFINITY;
      for (const path of expansions.slice(0, k)) {
        if (path.finished && finished.length < limit) finished.push(path);
      }
      beam = expansions.filter((path) => !path.reachedEos).slice(0, k);
      if (last) beam = [];
    } else {
      const held = beam.filter((path) => path.finished);
      beam = [...held, ...expansions].sort(byRank).slice(0, k);
      for (const path of beam) if (path.finished && !held.includes(path)) finished.push(path);
    }
    const alive = beam.filter((path) => !path.finished);
    if (alive.length === 0) break;
    if (earlyStopping === 'k-finished') {
      const count = refill ? finished.length : beam.length - alive.length;
      if (count >= k) break;
    }
    if (earlyStopping === 'bound' && finished.length >= nBest) {
      const lastWanted = rank([...finished].sort(byRank)[nBest - 1] as Path);
      const best = Math.max(...alive.map((path) => path.logProb));
      if (best / ((5 + maxLength) / 6) ** alpha <= lastWanted) break;
    }
  }
  return finished.sort(byRank);
}
