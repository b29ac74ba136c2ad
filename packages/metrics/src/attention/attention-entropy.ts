import { MetricsError } from '../errors';

/**
 * One attention map as plain numbers: `weights[t][s]` is the weight target
 * token t gives source token s. Pass only the real tokens (cut off padding);
 * each row should sum to 1 (a row of zeros, a fully masked query, is skipped).
 */
export type AttentionWeights = readonly (ArrayLike<number> & Iterable<number>)[];

/** How sharp attention is over a set of maps. */
export interface AttentionSharpness {
  /** Mean entropy −Σ_s w·ln w of a target token's weights, in nats (0 = one source token). */
  entropy: number;
  /**
   * Mean entropy divided by ln S (S = that sentence's source length), in
   * [0, 1]: 0 = all weight on one token, 1 = uniform; tokens of one-token
   * sources count as 0.
   */
  normalizedEntropy: number;
  /** Target tokens averaged over (rows with any weight). */
  tokens: number;
}

/**
 * The sharpness of attention: the entropy of each target token's weights
 * over the source, averaged over every target token of every map. Zero
 * weights (masked or padded keys) contribute nothing (0·ln 0 = 0).
 */
export function attentionEntropy(maps: readonly AttentionWeights[]): AttentionSharpness {
  let entropySum = 0;
  let normalizedSum = 0;
  let tokens = 0;
  maps.forEach((map, m) => {
    map.forEach((row, t) => {
      let entropy = 0;
      let total = 0;
      for (const weight of row) {
        if (!(weight >= 0) || !Number.isFinite(weight)) {
          throw new MetricsError(
            `attentionEntropy: weights must be finite and non-negative. Received: ${weight} in map ${m}, target token ${t}`,
          );
        }
        total += weight;
        if (weight > 0) entropy -= weight * Math.log(weight);
      }
      if (total === 0) return;
      entropySum += entropy;
      normalizedSum += row.length > 1 ? entropy / Math.log(row.length) : 0;
      tokens += 1;
    });
  });
  return {
    entropy: tokens > 0 ? entropySum / tokens : 0,
    normalizedEntropy: tokens > 0 ? normalizedSum / tokens : 0,
    tokens,
  };
}
