import type * as tf from '@tensorflow/tfjs-core';
import { tanh } from '../fast-math';
import type { KernelHost } from '../kernel-host';

/*
 * Additive attention's scores for one query per row,
 *
 *     a = tanh(keys[i, s, :] + query[i, :]),   score[i, s] = a · v,
 *
 * for `keys [b, S, U]` (W1 k + b, prepared once), `query [b, U]` (W2 q) and
 * `v [U]`, and their gradient. On wasm the `[b, S, U]` work runs through the
 * backend's vectorised kernels, with `tanh x = 2σ(2x) − 1` and XNNPACK's
 * sigmoid: about 3 ns a value, against 12 for the JavaScript loop that the
 * cpu backend runs. Both allocate: views taken before a call die.
 */

/** `2·values`, a new array. */
function twice(values: Float32Array): Float32Array {
  const doubled = new Float32Array(values.length);
  for (let j = 0; j < values.length; j++) doubled[j] = 2 * values[j]!;
  return doubled;
}

/**
 * `σ(2·keys + 2·query)` `[b, S, U]` on wasm (the caller frees it). The
 * doubled keys are made once per keys tensor and kept while it lives.
 */
function doubledSigmoid(host: KernelHost, keys: tf.TensorInfo, query: Float32Array): tf.TensorInfo {
  const [b, S, U] = keys.shape as [number, number, number];
  const keys2 = host.derived(keys, 'doubled', [b, S, U], twice);
  const query2 = host.tensor([b, 1, U], twice(query));
  const sum = host.run('Add', { a: keys2, b: query2 });
  host.free(query2);
  const probabilities = host.run('Sigmoid', { x: sum });
  host.free(sum);
  return probabilities;
}

/**
 * The scores `[b, S]` for `v [U]`; positions `mask` marks 0 may be skipped
 * (their score left unset).
 */
export function additiveScores(
  host: KernelHost,
  keys: tf.TensorInfo,
  query: Float32Array,
  v: tf.TensorInfo,
  mask: Float32Array | null,
): Float64Array {
  const [b, S, U] = keys.shape as [number, number, number];
  const scores = new Float64Array(b * S);
  const vector = host.view(v);
  let vSum = 0;
  for (let u = 0; u < U; u++) vSum += vector[u]!;
  if (host.vectorised) {
    // score = Σ (2σ − 1)·v = σ·(2v) − Σ v, with 2v made once per v tensor.
    const column = host.derived(v, 'doubled column', [U, 1], twice);
    const probabilities = doubledSigmoid(host, keys, query);
    const products = host.matMul(host.reshaped(probabilities, [b * S, U]), column, false, false);
    host.free(probabilities);
    for (let j = 0; j < b * S; j++) scores[j] = products[j]! - vSum;
    return scores;
  }
  const k = host.view(keys);
  for (let i = 0; i < b; i++) {
    for (let s = 0; s < S; s++) {
      if (mask !== null && !(mask[i * S + s]! > 0)) continue;
      const row = (i * S + s) * U;
      let score = 0;
      for (let u = 0; u < U; u++) score += tanh(k[row + u]! + query[i * U + u]!) * vector[u]!;
      scores[i * S + s] = score;
    }
  }
  return scores;
}

/** The gradient of `additiveScores` over a sequence of queries against the same keys. */
export interface AdditiveScoresGradient {
  /**
   * One query's step: `query [b, U]` and its scores' gradient `dScores
   * [b, S]` → the query's gradient `[b, U]`. The tanh values are computed
   * again rather than kept from the forward pass (`[T, b, S, U]` of them).
   */
  step(query: Float32Array, dScores: Float64Array): Float32Array;
  /** The keys' gradient `[b, S, U]` and v's `[U]`, summed over the steps. */
  result(): { dKeys: tf.TensorInfo; dV: Float32Array };
}

/**
 * From one step's `slopes = 4d·σ(1 − σ)` and `σ` `[b, S, U]`: returns the
 * query's gradient `v ⊙ Σ_s slopes[i, s, :]` `[b, U]` and adds `Σ d·σ` to
 * `dV`.
 */
function slopeGradients(
  slopes: Float32Array,
  sigma: Float32Array,
  dScores: Float64Array,
  v: Float32Array,
  dV: Float64Array,
  [b, S, U]: [number, number, number],
): Float32Array {
  const dQuery = new Float32Array(b * U);
  for (let i = 0; i < b; i++) {
    const out = i * U;
    for (let s = 0; s < S; s++) {
      const d = dScores[i * S + s]!;
      if (d === 0) continue;
      const row = (i * S + s) * U;
      for (let u = 0; u < U; u++) {
        dQuery[out + u] = dQuery[out + u]! + slopes[row + u]!;
        dV[u] = dV[u]! + d * sigma[row + u]!;
      }
    }
    for (let u = 0; u < U; u++) dQuery[out + u] = dQuery[out + u]! * v[u]!;
  }
  return dQuery;
}

/**
 * With `d = dScore[i, s]` and `a` as above: `dPre = d·v·(1 − a²)` is the
 * gradient of both `keys[i, s]` and `query[i]` (summed over s), and
 * `dv += d·a`.
 */
export function additiveScoresGradient(
  host: KernelHost,
  keys: tf.TensorInfo,
  v: Float32Array,
): AdditiveScoresGradient {
  const [b, S, U] = keys.shape as [number, number, number];
  const dV = new Float64Array(U);
  if (host.vectorised) {
    // 1 − a² = 4σ(1 − σ): the keys' gradient is v ⊙ Σ_t 4d·σ(1 − σ), and
    // Σ d·a = 2 Σ d·σ − Σ d.
    const one = host.tensor([1], Float32Array.of(1));
    let slopes: tf.TensorInfo | null = null; // Σ_t 4d·σ(1 − σ), [b, S, U]
    let dTotal = 0;
    return {
      step(query, dScores) {
        const probabilities = doubledSigmoid(host, keys, query);
        const complement = host.run('Sub', { a: one, b: probabilities });
        const slope = host.run('Multiply', { a: probabilities, b: complement });
        host.free(complement);
        const d4 = new Float32Array(b * S);
        for (let j = 0; j < b * S; j++) {
          d4[j] = 4 * dScores[j]!;
          dTotal += dScores[j]!;
        }
        const scale = host.tensor([b, S, 1], d4);
        const scaled = host.run('Multiply', { a: slope, b: scale }); // 4d·σ(1 − σ)
        host.free(slope);
        host.free(scale);
        const dQuery = slopeGradients(host.view(scaled), host.view(probabilities), dScores, v, dV, [
          b,
          S,
          U,
        ]);
        host.free(probabilities);
        if (slopes === null) slopes = scaled;
        else {
          const sum = host.run('Add', { a: slopes, b: scaled });
          host.free(slopes);
          host.free(scaled);
          slopes = sum;
        }
        return dQuery;
      },
      result() {
        host.free(one);
        const vector = host.tensor([U], v.slice());
        const dKeys =
          slopes === null
            ? host.tensor([b, S, U], new Float32Array(b * S * U))
            : host.run('Multiply', { a: slopes, b: vector });
        host.free(vector);
        if (slopes !== null) host.free(slopes);
        return { dKeys, dV: Float32Array.from(dV, (x) => 2 * x - dTotal) };
      },
    };
  }
  const k = host.view(keys);
  const dKeys = new Float32Array(b * S * U);
  return {
    step(query, dScores) {
      const dQuery = new Float32Array(b * U);
      for (let i = 0; i < b; i++) {
        for (let s = 0; s < S; s++) {
          const d = dScores[i * S + s]!;
          if (d === 0) continue;
          const row = (i * S + s) * U;
          for (let u = 0; u < U; u++) {
            const a = tanh(k[row + u]! + query[i * U + u]!);
            const dPre = d * v[u]! * (1 - a * a);
            dQuery[i * U + u] = dQuery[i * U + u]! + dPre;
            dKeys[row + u] = dKeys[row + u]! + dPre;
            dV[u] = dV[u]! + d * a;
          }
        }
      }
      return dQuery;
    },
    result: () => ({ dKeys: host.tensor([b, S, U], dKeys), dV: Float32Array.from(dV) }),
  };
}
