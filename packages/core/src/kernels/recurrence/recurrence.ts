import * as tf from '@tensorflow/tfjs-core';
import { type CellKind, resolveResetAfter } from '../cells/cell-kind';
import { hasKernel } from '../kernel-host';
import { recurrenceReference } from './recurrence-reference';

/** The kernel's name; its gradient is `HeedRecurrenceGrad`. */
export const RECURRENCE = 'HeedRecurrence';

/** The shape of a recurrence: one layer, one or two directions. */
export interface RecurrenceAttributes {
  kind: CellKind;
  /** H, the state size of each direction. */
  hidden: number;
  /** 1, or 2 for bidirectional (direction 1 runs from the last step to the first). */
  directions: number;
  /**
   * GRU only: apply the reset gate after the recurrent product (PyTorch,
   * Keras `reset_after=True`), or before it, `n = tanh(x_n + W_hn (r ⊙ h) + b_hn)`
   * (Keras `reset_after=False`, `tf.layers.gru`). Defaults to true.
   */
  resetAfter?: boolean;
}

/** The tensors of a recurrence (PyTorch layouts); D directions, G gate blocks, R = 1 (GRU) or 2 (LSTM). */
export interface RecurrenceInputs {
  /** `[b, T, D·G·H]`: `W_ih x + b_ih` of every step, direction blocks side by side. */
  gates: tf.Tensor3D;
  /** `[b, R·D·H]` initial states: every direction's h, then (LSTM) every direction's c. */
  initial: tf.Tensor2D;
  /** `[D, G·H, H]`: each direction's `W_hh`. */
  weights: tf.Tensor3D;
  /** `[D, G·H]`: each direction's `b_hh`. */
  biases: tf.Tensor2D;
  /** `[b]` int32 true lengths: a row's state stops at its last step, later outputs are zero. */
  lengths: tf.Tensor1D;
}

/** How an op may run. */
export interface KernelOptions {
  /** Run heed's kernel when the active backend has one. False: always the composite. Defaults to true. */
  useKernel?: boolean;
}

/**
 * A whole recurrent layer (GRU or LSTM, PyTorch gate order), differentiable:
 * heed's `HeedRecurrence` kernel where the active backend has it, otherwise
 * the same computation in TF.js ops under autograd (no reads to the CPU).
 *
 * @returns `[b, T + R, D·H]`: the outputs (zero past each length), then the
 *   final h (and for LSTM the final c) at each row's true last step.
 */
export function recurrence(
  inputs: RecurrenceInputs,
  attributes: RecurrenceAttributes,
  options: KernelOptions = {},
): tf.Tensor3D {
  const resolved = { ...attributes, resetAfter: resolveResetAfter('recurrence', attributes) };
  if (options.useKernel === false || !hasKernel(RECURRENCE)) {
    return recurrenceReference(inputs, resolved);
  }
  return tf.tidy(() => {
    const [packed] = tf
      .engine()
      .runKernel(
        RECURRENCE,
        inputs as unknown as tf.NamedTensorMap,
        resolved as unknown as tf.NamedAttrMap,
      ) as tf.Tensor[];
    return packed as tf.Tensor3D;
  });
}
