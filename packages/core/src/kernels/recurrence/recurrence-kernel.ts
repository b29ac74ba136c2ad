import * as tf from '@tensorflow/tfjs-core';
import { assertLengths } from '../../validation';
import { cellKernel, gateCount, stateCount } from '../cells/cell-kind';
import { columns, stepRows, writeColumns } from '../cells/rows';
import type { KernelHost } from '../kernel-host';
import { gruResetBeforeBackward, gruResetBeforeForward } from './gru-reset-before-kernel';
import { RECURRENCE, type RecurrenceAttributes } from './recurrence';

/** The gradient kernel's name. */
export const RECURRENCE_GRAD = 'HeedRecurrenceGrad';

/**
 * `HeedRecurrence` forward: per step, one backend matMul `h · W_hhᵀ` for all
 * directions at once (`[D, b, H] × [D, G·H, H]ᵀ`) and the cell's fused
 * JavaScript step. The reset-before GRU (`resetAfter: false`) runs
 * `gruResetBeforeForward`.
 *
 * Inputs as `RecurrenceInputs`. Outputs: packed `[b, T + R, D·H]`, and for
 * the gradient the saved gate values `[D, T, b, W·H]` (W per cell) and the
 * states before each step `[D, R, T, b, H]` (step order s: direction 1 runs
 * t = T − 1 − s).
 */
export function recurrenceForward(
  host: KernelHost,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo[] {
  if (attrs.resetAfter === false) return gruResetBeforeForward(host, inputs, attrs);
  const { gates, initial, weights, biases, lengths } = inputs as Record<string, tf.TensorInfo>;
  const { kind, hidden: H, directions: D } = attrs as unknown as RecurrenceAttributes;
  const cell = cellKernel(kind);
  const G = gateCount(kind);
  const R = stateCount(kind);
  const GH = G * H;
  const [b, T, width] = gates!.shape as [number, number, number];
  const gateValues = host.values(gates!);
  const start = host.values(initial!); // [b, R·D·H]
  const biasValues = host.values(biases!); // [D, G·H]
  const lengthValues = host.ints(lengths!);
  assertLengths('recurrence', lengthValues, T);
  const savedWidth = cell.savedWidth * H;
  const packed = new Float32Array(b * (T + R) * D * H);
  const saved = new Float32Array(D * T * b * savedWidth);
  const previous = new Float32Array(D * R * T * b * H);
  const bH = b * H;
  let h = new Float32Array(D * bH); // [D, b, H]
  let c = R === 2 ? new Float32Array(D * bH) : null;
  for (let d = 0; d < D; d++) {
    h.set(columns(start, b, R * D * H, d * H, H), d * bH);
    c?.set(columns(start, b, R * D * H, (D + d) * H, H), d * bH);
  }
  for (let s = 0; s < T; s++) {
    const recurrent = host.multiplyByWeight(h, [D, b, H], weights!, true); // [D, b, G·H]
    const hNext = new Float32Array(D * bH);
    const cNext = c ? new Float32Array(D * bH) : null;
    for (let d = 0; d < D; d++) {
      const t = d === 0 ? s : T - 1 - s;
      const state = (array: Float32Array) => array.subarray(d * bH, (d + 1) * bH);
      previous.set(state(h), (d * R * T + s) * bH);
      if (c) previous.set(state(c), ((d * R + 1) * T + s) * bH);
      cell.forward({
        batch: b,
        hidden: H,
        gx: stepRows(gateValues, t, T, width, d * GH),
        gxExtra: null,
        gh: { data: recurrent, base: d * b * GH, stride: GH },
        biasHH: biasValues.subarray(d * GH, (d + 1) * GH),
        hPrev: state(h),
        cPrev: c ? state(c) : null,
        hNext: state(hNext),
        cNext: cNext ? state(cNext) : null,
        output: stepRows(packed, t, T + R, D * H, d * H),
        saved,
        savedBase: (d * T + s) * b * savedWidth,
        lengths: lengthValues,
        step: t,
      });
    }
    h = hNext;
    c = cNext;
  }
  const rowWidth = (T + R) * D * H;
  for (let d = 0; d < D; d++) {
    writeColumns(packed, b, rowWidth, T * D * H + d * H, h.subarray(d * bH, (d + 1) * bH), H);
    if (c) writeColumns(packed, b, rowWidth, (T + 1) * D * H + d * H, c.subarray(d * bH), H);
  }
  return [
    host.tensor([b, T + R, D * H], packed),
    host.tensor([D, T, b, savedWidth], saved),
    host.tensor([D, R, T, b, H], previous),
  ];
}

/**
 * `HeedRecurrenceGrad`: the loop run backwards, one backend matMul
 * `dgh · W_hh` per step for all directions, then every `W_hh` gradient as one
 * `[T·b, G·H]ᵀ × [T·b, H]` matMul per direction.
 *
 * Inputs: `dy [b, T + R, D·H]`, `saved`, `previous` (forward's extra
 * outputs), `weights`, `lengths`. Outputs: the gradients of `gates`,
 * `initial`, `weights`, `biases`.
 */
export function recurrenceBackward(
  host: KernelHost,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo[] {
  if (attrs.resetAfter === false) return gruResetBeforeBackward(host, inputs, attrs);
  const { dy, saved, previous, weights, lengths } = inputs as Record<string, tf.TensorInfo>;
  const { kind, hidden: H, directions: D } = attrs as unknown as RecurrenceAttributes;
  const cell = cellKernel(kind);
  const G = gateCount(kind);
  const R = stateCount(kind);
  const GH = G * H;
  const [b, TR] = dy!.shape as [number, number, number];
  const T = TR - R;
  const width = D * GH;
  const bH = b * H;
  const savedWidth = cell.savedWidth * H;
  const dPacked = host.values(dy!);
  const savedValues = host.values(saved!);
  const previousValues = host.values(previous!); // [D, R, T, b, H]
  const lengthValues = host.ints(lengths!);
  const dGates = new Float32Array(b * T * width);
  const dInitial = new Float32Array(b * R * D * H);
  const dBiases = new Float32Array(D * GH);
  const dRecurrentAll = new Float32Array(D * T * b * GH); // [D, T, b, G·H] in step order
  const rowWidth = (T + R) * D * H;
  let carryH = new Float32Array(D * bH);
  let carryC = R === 2 ? new Float32Array(D * bH) : null;
  for (let d = 0; d < D; d++) {
    carryH.set(columns(dPacked, b, rowWidth, T * D * H + d * H, H), d * bH);
    carryC?.set(columns(dPacked, b, rowWidth, (T + 1) * D * H + d * H, H), d * bH);
  }
  let viaMatmul: Float32Array | null = null; // [D, b, H]
  for (let s = T - 1; s >= 0; s--) {
    const dRecurrent = new Float32Array(D * b * GH); // [D, b, G·H]
    const nextCarryH = new Float32Array(D * bH);
    const nextCarryC = carryC ? new Float32Array(D * bH) : null;
    for (let d = 0; d < D; d++) {
      const t = d === 0 ? s : T - 1 - s;
      const state = (array: Float32Array) => array.subarray(d * bH, (d + 1) * bH);
      const before = (r: number) =>
        previousValues.subarray(((d * R + r) * T + s) * bH, ((d * R + r) * T + s + 1) * bH);
      cell.backward({
        batch: b,
        hidden: H,
        saved: savedValues,
        savedBase: (d * T + s) * b * savedWidth,
        hPrev: before(0),
        cPrev: R === 2 ? before(1) : null,
        lengths: lengthValues,
        step: t,
        dOutput: stepRows(dPacked, t, T + R, D * H, d * H),
        carryH: state(carryH),
        carryFromMatmul: viaMatmul ? state(viaMatmul) : null,
        carryC: carryC ? state(carryC) : null,
        dGates: stepRows(dGates, t, T, width, d * GH),
        dRecurrent: { data: dRecurrent, base: d * b * GH, stride: GH },
        dBias: dBiases.subarray(d * GH, (d + 1) * GH),
        nextCarryH: state(nextCarryH),
        nextCarryC: nextCarryC ? state(nextCarryC) : null,
      });
      dRecurrentAll.set(dRecurrent.subarray(d * b * GH, (d + 1) * b * GH), (d * T + s) * b * GH);
    }
    viaMatmul = host.multiplyByWeight(dRecurrent, [D, b, GH], weights!, false); // [D, b, H]
    carryH = nextCarryH;
    carryC = nextCarryC;
  }
  for (let d = 0; d < D; d++) {
    const h = carryH.subarray(d * bH, (d + 1) * bH);
    for (let k = 0; k < bH; k++) h[k] = h[k]! + (viaMatmul ? viaMatmul[d * bH + k]! : 0);
    writeColumns(dInitial, b, R * D * H, d * H, h, H);
    if (carryC) writeColumns(dInitial, b, R * D * H, (D + d) * H, carryC.subarray(d * bH), H);
  }
  // [D, T·b, H]: the h half of `previous` (all of it for GRU).
  let previousH = previousValues;
  if (R === 2) {
    previousH = new Float32Array(D * T * bH);
    for (let d = 0; d < D; d++) {
      previousH.set(previousValues.subarray(d * R * T * bH, (d * R + 1) * T * bH), d * T * bH);
    }
  }
  const dWeights = host.matMulArrays(
    dRecurrentAll,
    [D, T * b, GH],
    previousH,
    [D, T * b, H],
    true,
    false,
  ); // [D, G·H, H]
  return [
    host.tensor([b, T, width], dGates),
    host.tensor([b, R * D * H], dInitial),
    host.tensor([D, GH, H], dWeights),
    host.tensor([D, GH], dBiases),
  ];
}

/** The gradient of `HeedRecurrence`, by the `HeedRecurrenceGrad` kernel. */
export const recurrenceGradient: tf.GradConfig = {
  kernelName: RECURRENCE,
  inputsToSave: ['weights', 'lengths'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [weights, lengths, savedGates, previous] = saved;
    const dy = (dys as tf.Tensor[])[0]!;
    const [dGates, dInitial, dWeights, dBiases] = tf
      .engine()
      .runKernel(
        RECURRENCE_GRAD,
        { dy, saved: savedGates!, previous: previous!, weights: weights!, lengths: lengths! },
        attrs,
      ) as tf.Tensor[];
    return {
      gates: () => dGates!,
      initial: () => dInitial!,
      weights: () => dWeights!,
      biases: () => dBiases!,
    };
  },
};
