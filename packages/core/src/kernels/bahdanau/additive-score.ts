import type { Rows } from '../cells/rows';

/** Sizes of one additive-attention step: b rows, S source positions, U units, C = dv. */
export interface AdditiveSizes {
  batch: number;
  sourceLength: number;
  units: number;
  valueDim: number;
}

/** One query step of additive attention, forward, from its scores. */
export interface AdditiveForwardArgs extends AdditiveSizes {
  /** `[b, S]` `vᵀ tanh(W1 k_s + b + W2 q)` (`KernelHost.additiveScores`). */
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
export function additiveForward(args: AdditiveForwardArgs): void {
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

/** One query step backward, accumulating the key-side gradients across steps. */
export interface AdditiveBackwardArgs extends AdditiveSizes {
  values: Float32Array;
  v: Float32Array;
  /** As written forward. */
  hidden: Float32Array;
  hiddenBase: number;
  weights: Rows;
  /** `[b, C]` gradient of the context. */
  dContext: Float32Array;
  /** Gradient of the returned weights, when they have one. */
  dWeights: Rows | null;
  /** Written: gradient of `W2 q`, U per row. */
  dQueryFeatures: Rows;
  /** Accumulated: `[b, S, U]`, `[b, S, C]`, `[U]`. */
  dKeyFeatures: Float32Array;
  dValues: Float32Array;
  dV: Float32Array;
}

export function additiveBackward(args: AdditiveBackwardArgs): void {
  const { batch, sourceLength: S, units: U, valueDim: C, values, v, hidden, hiddenBase } = args;
  const { dContext, dKeyFeatures, dValues, dV } = args;
  const weights = args.weights.data;
  const dWeights = args.dWeights?.data;
  const dQuery = args.dQueryFeatures.data;
  const dw = new Float64Array(S);
  for (let i = 0; i < batch; i++) {
    const w = args.weights.base + i * args.weights.stride;
    const dwBase = args.dWeights ? args.dWeights.base + i * args.dWeights.stride : 0;
    const q = args.dQueryFeatures.base + i * args.dQueryFeatures.stride;
    dQuery.fill(0, q, q + U);
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
    for (let s = 0; s < S; s++) {
      const p = weights[w + s]!;
      if (p === 0) continue;
      const dScore = p * (dw[s]! - weighted);
      const k = (i * S + s) * U;
      const e = hiddenBase + k;
      for (let u = 0; u < U; u++) {
        const a = hidden[e + u]!;
        const dPre = dScore * v[u]! * (1 - a * a);
        dQuery[q + u] = dQuery[q + u]! + dPre;
        dKeyFeatures[k + u] = dKeyFeatures[k + u]! + dPre;
        dV[u] = dV[u]! + dScore * a;
      }
    }
  }
}
