import type { Rows } from '../cells/rows';

/** Sizes of one attention step: b rows, S source positions, C = dv. */
export interface ContextSizes {
  batch: number;
  sourceLength: number;
  valueDim: number;
}

/** One query step of attention, forward, from its scores. */
export interface WeightedContextArgs extends ContextSizes {
  /** `[b, S]` scores (`additiveScores`). */
  scores: Float64Array;
  /** `[b, S]` 1 = real position; null: nothing masked. */
  mask: Float32Array | null;
  /** `[b, S, C]`. */
  values: Float32Array;
  /** Written: the weights, S per row. */
  weights: Rows;
  /** Written: `[b, C]` context Σ_s w_s·values_s. */
  context: Float32Array;
}

/**
 * The masked softmax of the scores over s (a padded position gets weight 0,
 * a fully padded row all zeros) and the context `Σ_s w_s v_s`: the same
 * numbers as `AdditiveAttention.attend` for one query per row.
 */
export function weightedContext(args: WeightedContextArgs): void {
  const { batch, sourceLength: S, valueDim: C, scores, mask, values, context } = args;
  const weights = args.weights.data;
  const p = new Float64Array(S);
  context.fill(0);
  for (let i = 0; i < batch; i++) {
    const w = args.weights.base + i * args.weights.stride;
    let max = Number.NEGATIVE_INFINITY;
    for (let s = 0; s < S; s++) {
      const real = mask === null || mask[i * S + s]! > 0;
      if (real && scores[i * S + s]! > max) max = scores[i * S + s]!;
    }
    let total = 0;
    for (let s = 0; s < S; s++) {
      const real = mask === null || mask[i * S + s]! > 0;
      p[s] = real ? Math.exp(scores[i * S + s]! - max) : 0;
      total += p[s]!;
    }
    for (let s = 0; s < S; s++) {
      const weight = total > 0 ? p[s]! / total : 0;
      weights[w + s] = weight;
      if (weight === 0) continue;
      const row = (i * S + s) * C;
      for (let c = 0; c < C; c++)
        context[i * C + c] = context[i * C + c]! + weight * values[row + c]!;
    }
  }
}

/** One query step of `weightedContext`, backward. */
export interface WeightedContextGradientArgs extends ContextSizes {
  values: Float32Array;
  /** As written forward. */
  weights: Rows;
  /** `[b, C]` gradient of the context. */
  dContext: Float32Array;
  /** Gradient of the returned weights, when they have one. */
  dWeights: Rows | null;
  /** Accumulated: `[b, S, C]`. */
  dValues: Float32Array;
}

/**
 * The gradient of the scores `[b, S]` (0 at masked positions) through the
 * softmax and the context; accumulates the values' gradient.
 */
export function weightedContextGradient(args: WeightedContextGradientArgs): Float64Array {
  const { batch, sourceLength: S, valueDim: C, values, dContext, dValues } = args;
  const weights = args.weights.data;
  const dWeights = args.dWeights?.data;
  const dScores = new Float64Array(batch * S);
  const dw = new Float64Array(S);
  for (let i = 0; i < batch; i++) {
    const w = args.weights.base + i * args.weights.stride;
    const dwBase = args.dWeights ? args.dWeights.base + i * args.dWeights.stride : 0;
    let weighted = 0;
    for (let s = 0; s < S; s++) {
      const p = weights[w + s]!;
      let grad = dWeights ? dWeights[dwBase + s]! : 0;
      if (p !== 0) {
        const row = (i * S + s) * C;
        for (let c = 0; c < C; c++) {
          const g = dContext[i * C + c]!;
          grad += g * values[row + c]!;
          dValues[row + c] = dValues[row + c]! + p * g;
        }
      }
      dw[s] = grad;
      weighted += p * grad;
    }
    for (let s = 0; s < S; s++) dScores[i * S + s] = weights[w + s]! * (dw[s]! - weighted);
  }
  return dScores;
}
