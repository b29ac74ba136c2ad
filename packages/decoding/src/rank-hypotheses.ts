import type { AttentionHistory } from './attention-history';
import type { FinishedBeam, TokenNode } from './beam-candidates';
import { coveragePenalty } from './penalties';

/** One finished hypothesis. */
export interface Hypothesis {
  /** Generated ids, without BOS and without the final EOS. */
  tokens: number[];
  /** What hypotheses are ranked by: `logProb / lp(|Y|) + cp`. */
  score: number;
  /** log P(tokens, EOS | source), the EOS's log-prob included when generated. */
  logProb: number;
  /** False when the hypothesis reached `maxLength` without EOS. */
  reachedEos: boolean;
  /** `[step][S]` attention, one row per token plus one for the EOS step; with `returnAttention`. */
  attention?: number[][];
}

/** How finished hypotheses are scored. */
export interface RankOptions {
  /** β of the coverage penalty; needs `history` and `sourceLength`. */
  coveragePenalty: number;
  /** Real source positions the coverage penalty sums over. */
  sourceLength: number;
  /** Per-step attention, read back, when attention or coverage is needed. */
  history: AttentionHistory | undefined;
  returnAttention: boolean;
  nBest: number;
}

/**
 * Spells out a sentence's finished hypotheses and returns the best `nBest`,
 * ranked by `logP / ((5 + |Y|) / 6)^α + β · Σ_i log(min(Σ_t a_ti, 1))`.
 */
export function rankHypotheses(
  finished: readonly FinishedBeam[],
  options: RankOptions,
): Hypothesis[] {
  const { history } = options;
  return finished
    .map((hypothesis) => {
      const chain: TokenNode[] = [];
      for (let node: TokenNode | undefined = hypothesis.node; node; node = node.parent) {
        chain.push(node);
      }
      chain.reverse();
      const attention = history ? chain.map((node) => history.row(node.step, node.row)) : [];
      let score = hypothesis.score;
      if (options.coveragePenalty > 0) {
        const coverage = new Float64Array(options.sourceLength);
        for (const row of attention) {
          for (let i = 0; i < coverage.length; i++)
            coverage[i] = (coverage[i] ?? 0) + (row[i] ?? 0);
        }
        score += coveragePenalty(coverage, options.coveragePenalty);
      }
      const tokens = chain.map((node) => node.token);
      if (hypothesis.reachedEos) tokens.pop();
      return {
        tokens,
        score,
        logProb: hypothesis.logProb,
        reachedEos: hypothesis.reachedEos,
        ...(options.returnAttention ? { attention } : {}),
      };
    })
    .sort((x, y) => y.score - x.score)
    .slice(0, options.nBest);
}
