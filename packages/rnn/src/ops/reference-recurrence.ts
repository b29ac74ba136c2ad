import * as tf from '@tensorflow/tfjs-core';
import { gateCount } from '../cell-kind';
import type { RecurrenceSpec } from './fused-recurrence';
import { type CellState, referenceCellStep } from './reference-cell';

/**
 * `fusedRecurrence` in plain TF.js ops, step by step under autograd: same
 * inputs, same packed `[b, T + R, D·H]` result. The reference for tests and
 * the path on backends without the fused kernels.
 */
export function referenceRecurrence(
  spec: RecurrenceSpec,
  gates: tf.Tensor3D,
  initial: tf.Tensor2D,
  weights: tf.Tensor2D[],
  biases: tf.Tensor1D[],
): tf.Tensor3D {
  const { hidden: H, directions: D, lengths, kind } = spec;
  const G = gateCount(kind);
  return tf.tidy(() => {
    const [b, T] = gates.shape;
    const active = lengths
      ? Array.from({ length: T }, (_, t) =>
          tf.tensor2d(
            Array.from(lengths, (length) => (t < length ? 1 : 0)),
            [b, 1],
          ),
        )
      : null; // T × [b, 1]
    const outputs: tf.Tensor3D[] = [];
    const finalH: tf.Tensor2D[] = [];
    const finalC: tf.Tensor2D[] = [];
    for (let d = 0; d < D; d++) {
      const steps = tf.unstack(
        tf.slice(gates, [0, 0, d * G * H], [b, T, G * H]),
        1,
      ) as tf.Tensor2D[];
      let state: CellState = {
        h: tf.slice(initial, [0, d * H], [b, H]),
        ...(kind === 'lstm'
          ? { c: tf.slice(initial, [0, (D + d) * H], [b, H]) as tf.Tensor2D }
          : {}),
      };
      const perStep: tf.Tensor2D[] = new Array(T);
      for (let s = 0; s < T; s++) {
        const t = d === 0 ? s : T - 1 - s;
        const gh = tf.add(tf.matMul(state.h, weights[d]!, false, true), biases[d]!) as tf.Tensor2D;
        const next = referenceCellStep(kind, steps[t]!, gh, state);
        const keep = active?.[t];
        if (keep) {
          const hold = tf.sub(1, keep);
          perStep[t] = tf.mul(next.h, keep);
          state = {
            h: tf.add(tf.mul(next.h, keep), tf.mul(state.h, hold)),
            ...(next.c
              ? { c: tf.add(tf.mul(next.c, keep), tf.mul(state.c!, hold)) as tf.Tensor2D }
              : {}),
          };
        } else {
          perStep[t] = next.h;
          state = next;
        }
      }
      outputs.push(tf.stack(perStep, 1) as tf.Tensor3D); // [b, T, H]
      finalH.push(state.h);
      if (state.c) finalC.push(state.c);
    }
    const finals = [tf.concat(finalH, 1), ...(finalC.length ? [tf.concat(finalC, 1)] : [])];
    return tf.concat(
      [tf.concat(outputs, 2), ...finals.map((final) => tf.expandDims(final, 1))],
      1,
    ) as tf.Tensor3D; // [b, T + R, D·H]
  });
}
