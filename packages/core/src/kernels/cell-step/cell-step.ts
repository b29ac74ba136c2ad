import * as tf from '@tensorflow/tfjs-core';
import { torchLinear } from '../../layers/torch-linear';
import { tidyTree } from '../../tensor-tree';
import { type CellKind, resolveResetAfter } from '../cells/cell-kind';
import { hasKernel } from '../kernel-host';
import { type KernelOptions, recurrence } from '../recurrence/recurrence';
import { type CellState, cellStepReference, gruResetBeforeReference } from './cell-step-reference';

/** The kernel's name; its gradient is `HeedCellStepGrad`. */
export const CELL_STEP = 'HeedCellStep';

/** Which cell a step runs. */
export interface CellAttributes {
  kind: CellKind;
  /** GRU only: the reset gate after the recurrent product (PyTorch) or before it (Keras `reset_after=False`). Defaults to true. */
  resetAfter?: boolean;
}

/** A cell's recurrent parameters, PyTorch layout. */
export interface RecurrentWeights {
  /** `[G·H, H]` `W_hh`. */
  weight: tf.Tensor2D;
  /** `[G·H]` `b_hh`. */
  bias: tf.Tensor1D;
}

/**
 * One GRU or LSTM step (PyTorch gate order), differentiable: heed's
 * `HeedCellStep` kernel where the active backend has it, otherwise TF.js ops.
 * The reset-before GRU runs as a one-step `recurrence` (its kernel, or its
 * composite), since its candidate's recurrent product needs the reset gate.
 * @param gx `[b, G·H]` `W_ih x + b_ih`.
 * @param recurrent `W_hh [G·H, H]`, `b_hh [G·H]`.
 * @param state `h [b, H]` (and for LSTM `c [b, H]`) before the step.
 */
export function cellStep(
  cell: CellAttributes,
  gx: tf.Tensor2D,
  recurrent: RecurrentWeights,
  state: CellState,
  options: KernelOptions = {},
): CellState {
  const { kind } = cell;
  if (!resolveResetAfter('cellStep', cell)) {
    return tidyTree(() => {
      if (options.useKernel === false || !hasKernel(CELL_STEP)) {
        return { h: gruResetBeforeReference(gx, state.h, recurrent.weight, recurrent.bias) };
      }
      const [b, H] = state.h.shape;
      const packed = recurrence(
        {
          gates: tf.expandDims(gx, 1) as tf.Tensor3D, // [b, 1, 3H]
          initial: state.h,
          weights: tf.expandDims(recurrent.weight, 0) as tf.Tensor3D, // [1, 3H, H]
          biases: tf.expandDims(recurrent.bias, 0) as tf.Tensor2D, // [1, 3H]
          lengths: tf.fill([b], 1, 'int32') as tf.Tensor1D,
        },
        { kind: 'gru', hidden: H, directions: 1, resetAfter: false },
        options,
      ); // [b, 2, H]: the output, then the final state
      return { h: tf.reshape(tf.slice(packed, [0, 1, 0], [b, 1, H]), [b, H]) as tf.Tensor2D };
    });
  }
  return tidyTree(() => {
    const gh = torchLinear(state.h, recurrent.weight, recurrent.bias); // [b, G·H]
    if (options.useKernel === false || !hasKernel(CELL_STEP)) {
      return cellStepReference(kind, gx, gh, state);
    }
    const packedState = kind === 'lstm' ? tf.concat([state.h, state.c!], 1) : state.h; // [b, R·H]
    const [next] = tf
      .engine()
      .runKernel(CELL_STEP, { gx, gh, state: packedState }, { kind }) as tf.Tensor[];
    if (kind === 'gru') return { h: next as tf.Tensor2D };
    const [h, c] = tf.split(next!, 2, 1) as tf.Tensor2D[];
    return { h: h!, c: c! };
  });
}
