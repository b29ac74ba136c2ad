import type * as tf from '@tensorflow/tfjs-core';
import { assertLengths } from '../../validation';
import { sigmoid, tanh } from '../fast-math';
import type { KernelHost } from '../kernel-host';
import type { RecurrenceAttributes } from './recurrence';

/**
 * `HeedRecurrence` for the reset-before GRU (`resetAfter: false`, Keras
 * `reset_after=False`, `tf.layers.gru`), gates r, z, n:
 *
 *     r = σ(x_r + W_hr h + b_hr)      z = σ(x_z + W_hz h + b_hz)
 *     n = tanh(x_n + W_hn (r ⊙ h) + b_hn)
 *     h' = (1 − z) ⊙ n + z ⊙ h
 *
 * The candidate's recurrent product needs r first, so a step makes two
 * backend matMuls for all directions at once: `h · [W_hr; W_hz]ᵀ`, then
 * `(r ⊙ h) · W_hnᵀ`. Same inputs and outputs as the reset-after kernel:
 * packed `[b, T + 1, D·H]`, saved `[D, T, b, 4H]` (r, z, n, r ⊙ h) and the
 * states before each step `[D, 1, T, b, H]`.
 */
export function gruResetBeforeForward(
  host: KernelHost,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo[] {
  const { gates, initial, weights, biases, lengths } = inputs as Record<string, tf.TensorInfo>;
  const { hidden: H, directions: D } = attrs as unknown as RecurrenceAttributes;
  const GH = 3 * H;
  const [b, T, width] = gates!.shape as [number, number, number];
  const gateValues = host.values(gates!);
  const start = host.values(initial!); // [b, D·H]
  const biasValues = host.values(biases!); // [D, 3H]
  const lengthValues = host.ints(lengths!);
  assertLengths('recurrence', lengthValues, T);
  const { gateWeights, candidateWeights } = splitWeights(host, weights!, D, H);
  const DH = D * H;
  const bH = b * H;
  const packed = new Float32Array(b * (T + 1) * DH);
  const saved = new Float32Array(D * T * b * 4 * H);
  const previous = new Float32Array(D * T * bH);
  let h = new Float32Array(D * bH); // [D, b, H]
  for (let d = 0; d < D; d++) {
    for (let i = 0; i < b; i++) {
      for (let j = 0; j < H; j++) h[d * bH + i * H + j] = start[i * DH + d * H + j]!;
    }
  }
  for (let s = 0; s < T; s++) {
    const recurrent = host.multiplyByWeight(h, [D, b, H], gateWeights, true); // [D, b, 2H]
    const reset = new Float32Array(D * bH); // [D, b, H] r ⊙ h
    for (let d = 0; d < D; d++) {
      const t = d === 0 ? s : T - 1 - s;
      previous.set(h.subarray(d * bH, (d + 1) * bH), (d * T + s) * bH);
      for (let i = 0; i < b; i++) {
        if (t >= lengthValues[i]!) continue;
        const x = i * T * width + t * width + d * GH;
        const rec = (d * b + i) * 2 * H;
        const row = d * bH + i * H;
        const sv = ((d * T + s) * b + i) * 4 * H;
        for (let j = 0; j < H; j++) {
          const r = sigmoid(gateValues[x + j]! + recurrent[rec + j]! + biasValues[d * GH + j]!);
          const z = sigmoid(
            gateValues[x + H + j]! + recurrent[rec + H + j]! + biasValues[d * GH + H + j]!,
          );
          reset[row + j] = r * h[row + j]!;
          saved[sv + j] = r;
          saved[sv + H + j] = z;
        }
      }
    }
    const candidate = host.multiplyByWeight(reset, [D, b, H], candidateWeights, true); // [D, b, H]
    const hNext = new Float32Array(D * bH);
    for (let d = 0; d < D; d++) {
      const t = d === 0 ? s : T - 1 - s;
      for (let i = 0; i < b; i++) {
        const row = d * bH + i * H;
        const out = i * (T + 1) * DH + t * DH + d * H;
        if (t >= lengthValues[i]!) {
          for (let j = 0; j < H; j++) hNext[row + j] = h[row + j]!;
          continue; // the output stays zero
        }
        const x = i * T * width + t * width + d * GH;
        const sv = ((d * T + s) * b + i) * 4 * H;
        for (let j = 0; j < H; j++) {
          const n = tanh(
            gateValues[x + 2 * H + j]! + candidate[row + j]! + biasValues[d * GH + 2 * H + j]!,
          );
          const z = saved[sv + H + j]!;
          const next = n + z * (h[row + j]! - n);
          hNext[row + j] = next;
          packed[out + j] = next;
          saved[sv + 2 * H + j] = n;
          saved[sv + 3 * H + j] = reset[row + j]!;
        }
      }
    }
    h = hNext;
  }
  for (let d = 0; d < D; d++) {
    for (let i = 0; i < b; i++) {
      const out = i * (T + 1) * DH + T * DH + d * H;
      for (let j = 0; j < H; j++) packed[out + j] = h[d * bH + i * H + j]!;
    }
  }
  return [
    host.tensor([b, T + 1, DH], packed),
    host.tensor([D, T, b, 4 * H], saved),
    host.tensor([D, 1, T, b, H], previous),
  ];
}

/**
 * `HeedRecurrenceGrad` for the reset-before GRU: the loop run backwards with
 * two backend matMuls per step (`dn · W_hn` for the gradient of r ⊙ h, then
 * `[dr, dz] · [W_hr; W_hz]` for the gradient reaching the previous state),
 * and the weight gradients as `[T·b, 2H]ᵀ × h` and `[T·b, H]ᵀ × (r ⊙ h)`
 * matMuls per direction. Inputs and outputs as the reset-after kernel's.
 */
export function gruResetBeforeBackward(
  host: KernelHost,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo[] {
  const { dy, saved, previous, weights, lengths } = inputs as Record<string, tf.TensorInfo>;
  const { hidden: H, directions: D } = attrs as unknown as RecurrenceAttributes;
  const GH = 3 * H;
  const [b, T1] = dy!.shape as [number, number, number];
  const T = T1 - 1;
  const width = D * GH;
  const DH = D * H;
  const bH = b * H;
  const dPacked = host.values(dy!);
  const savedValues = host.values(saved!); // [D, T, b, 4H]
  const previousValues = host.values(previous!); // [D, T, b, H]
  const lengthValues = host.ints(lengths!);
  const { gateWeights, candidateWeights } = splitWeights(host, weights!, D, H);
  const dGates = new Float32Array(b * T * width);
  const dInitial = new Float32Array(b * DH);
  const dBiases = new Float32Array(D * GH);
  const dGatesAll = new Float32Array(D * T * b * 2 * H); // [D, T, b, 2H] (dr, dz) in step order
  const dCandidateAll = new Float32Array(D * T * bH); // [D, T, b, H] dn in step order
  let carryH = new Float32Array(D * bH); // [D, b, H]
  for (let d = 0; d < D; d++) {
    for (let i = 0; i < b; i++) {
      const final = i * (T + 1) * DH + T * DH + d * H;
      for (let j = 0; j < H; j++) carryH[d * bH + i * H + j] = dPacked[final + j]!;
    }
  }
  let viaMatmul: Float32Array | null = null; // [D, b, H]
  for (let s = T - 1; s >= 0; s--) {
    const grad = new Float32Array(D * bH); // the gradient reaching h_t
    const dCandidate = new Float32Array(D * bH); // [D, b, H]
    const dRZ = new Float32Array(D * b * 2 * H); // [D, b, 2H]
    const nextCarryH = new Float32Array(D * bH);
    for (let d = 0; d < D; d++) {
      const t = d === 0 ? s : T - 1 - s;
      const hPrev = (d * T + s) * bH;
      for (let i = 0; i < b; i++) {
        const row = d * bH + i * H;
        if (t >= lengthValues[i]!) {
          for (let j = 0; j < H; j++) {
            nextCarryH[row + j] = carryH[row + j]! + (viaMatmul ? viaMatmul[row + j]! : 0);
          }
          continue;
        }
        const out = i * (T + 1) * DH + t * DH + d * H;
        const sv = ((d * T + s) * b + i) * 4 * H;
        for (let j = 0; j < H; j++) {
          const g = carryH[row + j]! + (viaMatmul ? viaMatmul[row + j]! : 0) + dPacked[out + j]!;
          const z = savedValues[sv + H + j]!;
          const n = savedValues[sv + 2 * H + j]!;
          grad[row + j] = g;
          dCandidate[row + j] = g * (1 - z) * (1 - n * n);
          dRZ[(d * b + i) * 2 * H + H + j] =
            g * (previousValues[hPrev + i * H + j]! - n) * z * (1 - z);
        }
      }
    }
    const dReset = host.multiplyByWeight(dCandidate, [D, b, H], candidateWeights, false); // [D, b, H]
    for (let d = 0; d < D; d++) {
      const t = d === 0 ? s : T - 1 - s;
      const hPrev = (d * T + s) * bH;
      for (let i = 0; i < b; i++) {
        if (t >= lengthValues[i]!) continue;
        const row = d * bH + i * H;
        const sv = ((d * T + s) * b + i) * 4 * H;
        const dx = i * T * width + t * width + d * GH;
        const rz = (d * b + i) * 2 * H;
        for (let j = 0; j < H; j++) {
          const r = savedValues[sv + j]!;
          const z = savedValues[sv + H + j]!;
          const h = previousValues[hPrev + i * H + j]!;
          const dr = dReset[row + j]! * h * r * (1 - r);
          const dz = dRZ[rz + H + j]!;
          const dn = dCandidate[row + j]!;
          dRZ[rz + j] = dr;
          nextCarryH[row + j] = grad[row + j]! * z + dReset[row + j]! * r;
          dGates[dx + j] = dr;
          dGates[dx + H + j] = dz;
          dGates[dx + 2 * H + j] = dn;
          dBiases[d * GH + j] = dBiases[d * GH + j]! + dr;
          dBiases[d * GH + H + j] = dBiases[d * GH + H + j]! + dz;
          dBiases[d * GH + 2 * H + j] = dBiases[d * GH + 2 * H + j]! + dn;
        }
      }
      dGatesAll.set(dRZ.subarray(d * b * 2 * H, (d + 1) * b * 2 * H), (d * T + s) * b * 2 * H);
      dCandidateAll.set(dCandidate.subarray(d * bH, (d + 1) * bH), (d * T + s) * bH);
    }
    viaMatmul = host.multiplyByWeight(dRZ, [D, b, 2 * H], gateWeights, false); // [D, b, H]
    carryH = nextCarryH;
  }
  for (let d = 0; d < D; d++) {
    for (let i = 0; i < b; i++) {
      for (let j = 0; j < H; j++) {
        const k = d * bH + i * H + j;
        dInitial[i * DH + d * H + j] = carryH[k]! + (viaMatmul ? viaMatmul[k]! : 0);
      }
    }
  }
  // r ⊙ h of every step, [D, T·b, H], from the saved values.
  const reset = new Float32Array(D * T * bH);
  for (let k = 0; k < D * T * b; k++) {
    reset.set(savedValues.subarray((k * 4 + 3) * H, (k * 4 + 4) * H), k * H);
  }
  const dGateWeights = host.matMulArrays(
    dGatesAll,
    [D, T * b, 2 * H],
    previousValues,
    [D, T * b, H],
    true,
    false,
  ); // [D, 2H, H]
  const dCandidateWeights = host.matMulArrays(
    dCandidateAll,
    [D, T * b, H],
    reset,
    [D, T * b, H],
    true,
    false,
  ); // [D, H, H]
  const dWeights = new Float32Array(D * GH * H); // [D, 3H, H]
  for (let d = 0; d < D; d++) {
    dWeights.set(dGateWeights.subarray(d * 2 * H * H, (d + 1) * 2 * H * H), d * GH * H);
    dWeights.set(dCandidateWeights.subarray(d * H * H, (d + 1) * H * H), (d * GH + 2 * H) * H);
  }
  return [
    host.tensor([b, T, width], dGates),
    host.tensor([b, DH], dInitial),
    host.tensor([D, GH, H], dWeights),
    host.tensor([D, GH], dBiases),
  ];
}

/** `W_hh [D, 3H, H]` as its gate rows `[D, 2H, H]` (r, z) and candidate rows `[D, H, H]`, kept with the weight. */
function splitWeights(
  host: KernelHost,
  weights: tf.TensorInfo,
  D: number,
  H: number,
): { gateWeights: tf.TensorInfo; candidateWeights: tf.TensorInfo } {
  const rows = (from: number, count: number) => (values: Float32Array) => {
    const block = new Float32Array(D * count * H);
    for (let d = 0; d < D; d++) {
      const begin = (d * 3 * H + from) * H;
      block.set(values.subarray(begin, begin + count * H), d * count * H);
    }
    return block;
  };
  return {
    gateWeights: host.derived(weights, 'gru-reset-before-gates', [D, 2 * H, H], rows(0, 2 * H)),
    candidateWeights: host.derived(
      weights,
      'gru-reset-before-candidate',
      [D, H, H],
      rows(2 * H, H),
    ),
  };
}
