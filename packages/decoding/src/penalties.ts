/**
 * GNMT length penalty `lp(Y) = ((5 + |Y|) / 6)^α` (Wu et al. 2016); α = 0 gives 1.
 * @param length |Y|, the EOS included when generated.
 */
export function lengthPenalty(length: number, alpha: number): number {
  return ((5 + length) / 6) ** alpha;
}

/** Coverage below this counts as this (a source word never attended would give log 0 = −∞). */
export const COVERAGE_FLOOR = 1e-10;

/**
 * GNMT coverage penalty `cp = β · Σ_i log(min(Σ_t a_ti, 1))` over the real
 * source positions i; 0 when every word received a total attention ≥ 1.
 * @param coverage Σ_t a_ti for each real source position.
 */
export function coveragePenalty(coverage: ArrayLike<number>, beta: number): number {
  let total = 0;
  for (let i = 0; i < coverage.length; i++) {
    total += Math.log(Math.max(Math.min(coverage[i] ?? 0, 1), COVERAGE_FLOOR));
  }
  return beta * total;
}
