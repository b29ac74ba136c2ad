import type { TabularModel } from './tabular-model';

/** A complete output sequence of the toy model, scored in float64. */
export interface ScoredSequence {
  tokens: number[];
  logProb: number;
  score: number;
  reachedEos: boolean;
}

/** Options of `exhaustiveSearch`, with the meanings `beamSearch` gives them. */
export interface ExhaustiveOptions {
  maxLength: number;
  minLength?: number;
  lengthPenalty?: number;
  coveragePenalty?: number;
  bosId?: number;
  eosId?: number;
}

/**
 * Every output the toy model can produce for a source, best first: each
 * sequence ending in EOS within `maxLength` tokens (EOS counted, not before
 * `minLength` tokens) and each `maxLength`-token sequence without EOS, scored
 * by log P / ((5 + |Y|) / 6)^α + β · Σ_i log(min(Σ_t a_ti, 1)) (coverage
 * floored at 1e-10), written out independently of the package's code.
 */
export function exhaustiveSearch(
  model: TabularModel,
  sourceFirstToken: number,
  sourceLength: number,
  options: ExhaustiveOptions,
): ScoredSequence[] {
  const { maxLength } = options;
  const minLength = options.minLength ?? 0;
  const alpha = options.lengthPenalty ?? 0;
  const beta = options.coveragePenalty ?? 0;
  const eosId = options.eosId ?? 2;
  const out: ScoredSequence[] = [];
  const finish = (tokens: number[], logProb: number, coverage: number[], reachedEos: boolean) => {
    const length = tokens.length + (reachedEos ? 1 : 0);
    let score = logProb / ((5 + length) / 6) ** alpha;
    if (beta > 0) {
      score +=
        beta * coverage.reduce((sum, c) => sum + Math.log(Math.max(Math.min(c, 1), 1e-10)), 0);
    }
    out.push({ tokens, logProb, score, reachedEos });
  };
  const visit = (tokens: number[], previous: number, logProb: number, coverage: number[]) => {
    const step = tokens.length;
    const logProbs = model.logProbs(sourceFirstToken, step, previous);
    const weights = model.attentionWeights(step, previous, sourceLength);
    const nextCoverage = coverage.map((c, i) => c + (weights[i] ?? 0));
    logProbs.forEach((tokenLogProb, token) => {
      const total = logProb + tokenLogProb;
      if (token === eosId) {
        if (step >= minLength) finish(tokens, total, nextCoverage, true);
      } else if (step === maxLength - 1) {
        finish([...tokens, token], total, nextCoverage, false);
      } else {
        visit([...tokens, token], token, total, nextCoverage);
      }
    });
  };
  visit([], options.bosId ?? 1, 0, new Array<number>(sourceLength).fill(0));
  return out.sort((a, b) => b.score - a.score);
}

/** Greedy decoding of the toy model in float64 JavaScript. */
export function greedyReference(
  model: TabularModel,
  sourceFirstToken: number,
  maxLength: number,
  eosId = 2,
): { tokens: number[]; logProb: number; reachedEos: boolean } {
  const tokens: number[] = [];
  let previous = 1;
  let logProb = 0;
  for (let step = 0; step < maxLength; step++) {
    const logProbs = model.logProbs(sourceFirstToken, step, previous);
    const best = logProbs.indexOf(Math.max(...logProbs));
    logProb += logProbs[best] ?? 0;
    if (best === eosId) return { tokens, logProb, reachedEos: true };
    tokens.push(best);
    previous = best;
  }
  return { tokens, logProb, reachedEos: false };
}
