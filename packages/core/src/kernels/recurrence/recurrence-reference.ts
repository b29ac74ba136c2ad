import * as tf from '@tensorflow/tfjs-core';
import {
  type CellState,
  cellStepReference,
  gruResetBeforeReference,
} from '../cell-step/cell-step-reference';
import { gateCount } from '../cells/cell-kind';
import type { RecurrenceAttributes, RecurrenceInputs } from './recurrence';

/**
 * `recurrence` in TF.js ops, step by step under autograd: the reference the
 * kernel is tested against and the path on backends without the kernel.
 * Lengths become per-step `[b, 1]` masks on the device; nothing is read back.
 */
export function recurrenceReference(
  inputs: RecurrenceInputs,
  attributes: RecurrenceAttributes,
): tf.Tensor3D {
  const { hidden: H, directions: D, kind } = attributes;
  const resetAfter = attributes.resetAfter ?? true;
  const G = gateCount(kind);
  return tf.tidy(() => {
    const [b, T] = inputs.gates.shape;
    const lengths = tf.expandDims(inputs.lengths, 1); // [b, 1]
    const active = Array.from(
      { length: T },
      (_, t) => tf.cast(tf.greater(lengths, t), 'float32') as tf.Tensor2D,
    ); // T × [b, 1]
    // Slices, not unstack: TF.js's unstack gradient fails for a single piece.
    const weights = Array.from(
      { length: D },
      (_, d) =>
        tf.reshape(tf.slice(inputs.weights, [d, 0, 0], [1, -1, -1]), [G * H, H]) as tf.Tensor2D,
    );
    const biases = Array.from(
      { length: D },
      (_, d) => tf.reshape(tf.slice(inputs.biases, [d, 0], [1, -1]), [G * H]) as tf.Tensor1D,
    );
    const outputs: tf.Tensor3D[] = [];
    const finalH: tf.Tensor2D[] = [];
    const finalC: tf.Tensor2D[] = [];
    for (let d = 0; d < D; d++) {
      const steps = tf.unstack(
        tf.slice(inputs.gates, [0, 0, d * G * H], [b, T, G * H]),
        1,
      ) as tf.Tensor2D[]; // T × [b, G·H]
      let state: CellState = {
        h: tf.slice(inputs.initial, [0, d * H], [b, H]),
        ...(kind === 'lstm'
          ? { c: tf.slice(inputs.initial, [0, (D + d) * H], [b, H]) as tf.Tensor2D }
          : {}),
      };
      const perStep: tf.Tensor2D[] = new Array(T);
      for (let s = 0; s < T; s++) {
        const t = d === 0 ? s : T - 1 - s;
        const next: CellState = resetAfter
          ? cellStepReference(
              kind,
              steps[t]!,
              tf.add(tf.matMul(state.h, weights[d]!, false, true), biases[d]!) as tf.Tensor2D,
              state,
            )
          : { h: gruResetBeforeReference(steps[t]!, state.h, weights[d]!, biases[d]!) };
        const keep = active[t]!;
        const hold = tf.sub(1, keep);
        perStep[t] = tf.mul(next.h, keep);
        state = {
          h: tf.add(tf.mul(next.h, keep), tf.mul(state.h, hold)),
          ...(next.c
            ? { c: tf.add(tf.mul(next.c, keep), tf.mul(state.c!, hold)) as tf.Tensor2D }
            : {}),
        };
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
