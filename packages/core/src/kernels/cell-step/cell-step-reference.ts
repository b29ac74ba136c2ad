import * as tf from '@tensorflow/tfjs-core';
import { tidyTree } from '../../tensor-tree';
import type { CellKind } from '../cells/cell-kind';

/** A cell's state: `h [b, H]`, and for LSTM the cell `c [b, H]`. */
export interface CellState {
  h: tf.Tensor2D;
  c?: tf.Tensor2D;
}

/**
 * One GRU or LSTM step in plain TF.js ops (autograd), the reference the fused
 * kernels are tested against and the path used on backends without them.
 * @param gx `[b, G·H]` `W_ih x + b_ih`.
 * @param gh `[b, G·H]` `W_hh h + b_hh`.
 */
export function cellStepReference(
  kind: CellKind,
  gx: tf.Tensor2D,
  gh: tf.Tensor2D,
  state: CellState,
): CellState {
  return tidyTree(() => {
    if (kind === 'gru') {
      const [xr, xz, xn] = tf.split(gx, 3, 1) as tf.Tensor2D[];
      const [hr, hz, hn] = tf.split(gh, 3, 1) as tf.Tensor2D[];
      const r = tf.sigmoid(tf.add(xr!, hr!));
      const z = tf.sigmoid(tf.add(xz!, hz!));
      const n = tf.tanh(tf.add(xn!, tf.mul(r, hn!)));
      return { h: tf.add(n, tf.mul(z, tf.sub(state.h, n))) as tf.Tensor2D }; // (1 − z)·n + z·h
    }
    const [i, f, g, o] = tf.split(tf.add(gx, gh), 4, 1) as tf.Tensor2D[];
    const c = tf.add(
      tf.mul(tf.sigmoid(f!), state.c as tf.Tensor2D),
      tf.mul(tf.sigmoid(i!), tf.tanh(g!)),
    ) as tf.Tensor2D;
    return { h: tf.mul(tf.sigmoid(o!), tf.tanh(c)) as tf.Tensor2D, c };
  });
}

/**
 * One step of the reset-before GRU (Keras `reset_after=False`, `tf.layers.gru`)
 * in TF.js ops, gates r, z, n in PyTorch's order:
 *
 *     r = σ(x_r + W_hr h + b_hr)      z = σ(x_z + W_hz h + b_hz)
 *     n = tanh(x_n + W_hn (r ⊙ h) + b_hn)
 *     h' = (1 − z) ⊙ n + z ⊙ h
 *
 * @param gx `[b, 3H]` `W_ih x + b_ih`.
 * @param h `[b, H]` the state before the step.
 * @param weight `[3H, H]` `W_hh`.
 * @param bias `[3H]` `b_hh`.
 * @returns `[b, H]` the next state.
 */
export function gruResetBeforeReference(
  gx: tf.Tensor2D,
  h: tf.Tensor2D,
  weight: tf.Tensor2D,
  bias: tf.Tensor1D,
): tf.Tensor2D {
  return tf.tidy(() => {
    const H = h.shape[1];
    const [xr, xz, xn] = tf.split(gx, 3, 1) as tf.Tensor2D[];
    const [weightGates, weightCandidate] = tf.split(weight, [2 * H, H], 0) as tf.Tensor2D[];
    const [biasGates, biasCandidate] = tf.split(bias, [2 * H, H]) as tf.Tensor1D[];
    const gh = tf.add(tf.matMul(h, weightGates!, false, true), biasGates!); // [b, 2H]
    const [hr, hz] = tf.split(gh, 2, 1) as tf.Tensor2D[];
    const r = tf.sigmoid(tf.add(xr!, hr!));
    const z = tf.sigmoid(tf.add(xz!, hz!));
    const candidate = tf.add(
      tf.matMul(tf.mul(r, h), weightCandidate!, false, true),
      biasCandidate!,
    ); // [b, H]
    const n = tf.tanh(tf.add(xn!, candidate));
    return tf.add(n, tf.mul(z, tf.sub(h, n))) as tf.Tensor2D; // (1 − z)·n + z·h
  });
}
