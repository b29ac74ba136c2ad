import { tidyTree } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { type CellKind, cellKernel } from '../cell-kind';
import { columns, denseRows, writeColumns } from '../fused/rows';
import { copyFloats, floatsOf, tensorFrom } from '../fused/tensor-data';
import { type CellState, referenceCellStep } from './reference-cell';

/**
 * One GRU or LSTM step, differentiable. Fused: one JavaScript kernel forward
 * and one backward (a custom gradient); otherwise the reference TF.js ops.
 * @param gx `[b, G·H]` `W_ih x + b_ih`.
 * @param gh `[b, G·H]` `W_hh h + b_hh`.
 */
export function cellStep(
  kind: CellKind,
  gx: tf.Tensor2D,
  gh: tf.Tensor2D,
  state: CellState,
  fused: boolean,
): CellState {
  if (!fused) return referenceCellStep(kind, gx, gh, state);
  const kernel = cellKernel(kind);
  const [b, GH] = gx.shape;
  const H = GH / kernel.gates;
  const R = kernel.hasCell ? 2 : 1;
  const perRow = kernel.savedWidth * H;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    args.pop();
    const [gxTensor, ghTensor, hTensor, cTensor] = args as tf.Tensor2D[];
    const hPrev = copyFloats(hTensor!);
    const cPrev = cTensor ? copyFloats(cTensor) : null;
    const hNext = new Float32Array(b * H);
    const cNext = cPrev ? new Float32Array(b * H) : null;
    const saved = new Float32Array(b * perRow);
    const zeroBias = new Float32Array(GH);
    kernel.forward({
      batch: b,
      hidden: H,
      gx: denseRows(floatsOf(gxTensor!), GH),
      gxExtra: null,
      gh: denseRows(floatsOf(ghTensor!), GH),
      biasHH: zeroBias,
      hPrev,
      cPrev,
      hNext,
      cNext,
      output: null,
      saved,
      savedBase: 0,
      lengths: null,
      step: 0,
    });
    const packed = cNext ? new Float32Array(b * 2 * H) : hNext;
    if (cNext) {
      writeColumns(packed, b, 2 * H, 0, hNext, H);
      writeColumns(packed, b, 2 * H, H, cNext, H);
    }
    const gradFunc = (dy: tf.Tensor): tf.Tensor[] => {
      const dPacked = copyFloats(dy); // [b, R·H]
      const dGates = new Float32Array(b * GH);
      const dRecurrent = new Float32Array(b * GH);
      const dHidden = new Float32Array(b * H);
      const dCell = cPrev ? new Float32Array(b * H) : null;
      kernel.backward({
        batch: b,
        hidden: H,
        saved,
        savedBase: 0,
        hPrev,
        cPrev,
        lengths: null,
        step: 0,
        dOutput: null,
        carryH: columns(dPacked, b, R * H, 0, H),
        carryFromMatmul: null,
        carryC: cPrev ? columns(dPacked, b, R * H, H, H) : null,
        dGates: denseRows(dGates, GH),
        dRecurrent: denseRows(dRecurrent, GH),
        dBias: new Float32Array(GH),
        nextCarryH: dHidden,
        nextCarryC: dCell,
      });
      return [
        tensorFrom(dGates, [b, GH]),
        tensorFrom(dRecurrent, [b, GH]),
        tensorFrom(dHidden, [b, H]),
        ...(dCell ? [tensorFrom(dCell, [b, H])] : []),
      ];
    };
    return { value: tensorFrom(packed, [b, R * H]), gradFunc };
  });
  return tidyTree(() => {
    const packed = op(gx, gh, state.h, ...(kernel.hasCell ? [state.c as tf.Tensor2D] : []));
    if (!kernel.hasCell) return { h: packed as tf.Tensor2D };
    const [h, c] = tf.split(packed, 2, 1) as tf.Tensor2D[];
    return { h: h!, c: c! };
  });
}
