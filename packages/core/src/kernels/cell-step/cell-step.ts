import * as tf from '@tensorflow/tfjs-core';
import { tidyTree } from '../../tensor-tree';
import type { CellKind } from '../cells/cell-kind';
import { hasKernel } from '../kernel-host';
import type { KernelOptions } from '../recurrence/recurrence';
import { type CellState, cellStepReference } from './cell-step-reference';

/** The kernel's name; its gradient is `HeedCellStepGrad`. */
export const CELL_STEP = 'HeedCellStep';

/**
 * One GRU or LSTM step (PyTorch gate order), differentiable: heed's
 * `HeedCellStep` kernel where the active backend has it, otherwise TF.js ops.
 * @param gx `[b, G·H]` `W_ih x + b_ih`.
 * @param gh `[b, G·H]` `W_hh h + b_hh`.
 * @param state `h [b, H]` (and for LSTM `c [b, H]`) before the step.
 */
export function cellStep(
  kind: CellKind,
  gx: tf.Tensor2D,
  gh: tf.Tensor2D,
  state: CellState,
  options: KernelOptions = {},
): CellState {
  if (options.useKernel === false || !hasKernel(CELL_STEP)) {
    return cellStepReference(kind, gx, gh, state);
  }
  return tidyTree(() => {
    const packedState = kind === 'lstm' ? tf.concat([state.h, state.c!], 1) : state.h; // [b, R·H]
    const [next] = tf
      .engine()
      .runKernel(CELL_STEP, { gx, gh, state: packedState }, { kind }) as tf.Tensor[];
    if (kind === 'gru') return { h: next as tf.Tensor2D };
    const [h, c] = tf.split(next!, 2, 1) as tf.Tensor2D[];
    return { h: h!, c: c! };
  });
}
