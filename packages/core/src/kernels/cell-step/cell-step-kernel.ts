import * as tf from '@tensorflow/tfjs-core';
import { cellKernel, stateCount } from '../cells/cell-kind';
import { columns, denseRows, writeColumns } from '../cells/rows';
import type { KernelHost } from '../kernel-host';
import { CELL_STEP } from './cell-step';

/** The gradient kernel's name. */
export const CELL_STEP_GRAD = 'HeedCellStepGrad';

/** The `[b, R·H]` packed state split into h and (LSTM) c, `[b, H]` each. */
function splitState(packed: Float32Array, b: number, H: number, R: number) {
  return {
    h: columns(packed, b, R * H, 0, H),
    c: R === 2 ? columns(packed, b, R * H, H, H) : null,
  };
}

/** Packs h and (LSTM) c `[b, H]` into `[b, R·H]`. */
function packState(h: Float32Array, c: Float32Array | null, b: number, H: number): Float32Array {
  if (!c) return h;
  const packed = new Float32Array(b * 2 * H);
  writeColumns(packed, b, 2 * H, 0, h, H);
  writeColumns(packed, b, 2 * H, H, c, H);
  return packed;
}

/**
 * `HeedCellStep` forward. Inputs `gx`, `gh` `[b, G·H]` (biases included),
 * `state [b, R·H]` (h, then c for LSTM). Outputs: the next state
 * `[b, R·H]` and, for the gradient, the saved gate values `[b, W·H]`.
 */
export function cellStepForward(
  host: KernelHost,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo[] {
  const { gx, gh, state } = inputs as Record<string, tf.TensorInfo>;
  const kind = attrs.kind as 'gru' | 'lstm';
  const cell = cellKernel(kind);
  const R = stateCount(kind);
  const [b, GH] = gx!.shape as [number, number];
  const H = GH / cell.gates;
  const before = splitState(host.values(state!), b, H, R);
  const hNext = new Float32Array(b * H);
  const cNext = R === 2 ? new Float32Array(b * H) : null;
  const saved = new Float32Array(b * cell.savedWidth * H);
  cell.forward({
    batch: b,
    hidden: H,
    gx: denseRows(host.values(gx!), GH),
    gxExtra: null,
    gh: denseRows(host.values(gh!), GH),
    biasHH: new Float32Array(GH),
    hPrev: before.h,
    cPrev: before.c,
    hNext,
    cNext,
    output: null,
    saved,
    savedBase: 0,
    lengths: null,
    step: 0,
  });
  return [
    host.tensor([b, R * H], packState(hNext, cNext, b, H)),
    host.tensor([b, cell.savedWidth * H], saved),
  ];
}

/**
 * `HeedCellStepGrad`. Inputs `dy [b, R·H]`, `state` (the forward input),
 * `saved`. Outputs the gradients of `gx`, `gh`, `state`.
 */
export function cellStepBackward(
  host: KernelHost,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo[] {
  const { dy, state, saved } = inputs as Record<string, tf.TensorInfo>;
  const kind = attrs.kind as 'gru' | 'lstm';
  const cell = cellKernel(kind);
  const R = stateCount(kind);
  const [b, RH] = dy!.shape as [number, number];
  const H = RH / R;
  const GH = cell.gates * H;
  const before = splitState(host.values(state!), b, H, R);
  const carry = splitState(host.values(dy!), b, H, R);
  const dGates = new Float32Array(b * GH);
  const dRecurrent = new Float32Array(b * GH);
  const dHidden = new Float32Array(b * H);
  const dCell = R === 2 ? new Float32Array(b * H) : null;
  cell.backward({
    batch: b,
    hidden: H,
    saved: host.values(saved!),
    savedBase: 0,
    hPrev: before.h,
    cPrev: before.c,
    lengths: null,
    step: 0,
    dOutput: null,
    carryH: carry.h,
    carryFromMatmul: null,
    carryC: carry.c,
    dGates: denseRows(dGates, GH),
    dRecurrent: denseRows(dRecurrent, GH),
    dBias: new Float32Array(GH),
    nextCarryH: dHidden,
    nextCarryC: dCell,
  });
  return [
    host.tensor([b, GH], dGates),
    host.tensor([b, GH], dRecurrent),
    host.tensor([b, R * H], packState(dHidden, dCell, b, H)),
  ];
}

/** The gradient of `HeedCellStep`, by the `HeedCellStepGrad` kernel. */
export const cellStepGradient: tf.GradConfig = {
  kernelName: CELL_STEP,
  inputsToSave: ['state'],
  outputsToSave: [false, true],
  gradFunc: (dys, saved, attrs) => {
    const [state, savedGates] = saved;
    const dy = (dys as tf.Tensor[])[0]!;
    const [dGx, dGh, dState] = tf
      .engine()
      .runKernel(CELL_STEP_GRAD, { dy, state: state!, saved: savedGates! }, attrs) as tf.Tensor[];
    return { gx: () => dGx!, gh: () => dGh!, state: () => dState! };
  },
};
