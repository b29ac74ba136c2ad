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
