import * as tf from '@tensorflow/tfjs-core';
import { maskedSoftmax } from '../../masks';
import { type CellState, cellStepReference } from '../cell-step/cell-step-reference';
import type { BahdanauAttributes, BahdanauInputs } from './bahdanau-decode';

/**
 * `bahdanauDecode` in TF.js ops, step by step under autograd: the reference
 * the kernel is tested against and the path on backends without it.
 */
export function bahdanauDecodeReference(
  inputs: BahdanauInputs,
  attributes: BahdanauAttributes,
): tf.Tensor3D {
  const { kind, hidden: H } = attributes;
  return tf.tidy(() => {
    const [b, T, E] = inputs.embedded.shape;
    const [GH, EC] = inputs.weightIH.shape;
    const embeddingWeight = tf.slice(inputs.weightIH, [0, 0], [GH, E]); // [G·H, E]
    const contextWeight = tf.slice(inputs.weightIH, [0, E], [GH, EC - E]); // [G·H, C]
    const flat = tf.reshape(inputs.embedded, [b * T, E]);
    const gatesAll = tf.reshape(
      tf.add(tf.matMul(flat, embeddingWeight, false, true), inputs.biasIH),
      [b, T, GH],
    ); // [b, T, G·H]
    // Slices, not unstack: TF.js's unstack gradient fails for a single piece.
    const steps = Array.from(
      { length: T },
      (_, t) => tf.reshape(tf.slice(gatesAll, [0, t, 0], [b, 1, GH]), [b, GH]) as tf.Tensor2D,
    ); // T × [b, G·H]
    let state: CellState = {
      h: tf.slice(inputs.initial, [0, 0], [-1, H]),
      ...(kind === 'lstm' ? { c: tf.slice(inputs.initial, [0, H], [-1, H]) as tf.Tensor2D } : {}),
    };
    const outputs: tf.Tensor2D[] = [];
    for (const gates of steps) {
      const query = tf.matMul(state.h, inputs.queryWeight, false, true); // [b, U]
      const hidden = tf.tanh(tf.add(inputs.keyFeatures, tf.expandDims(query, 1))); // [b, S, U]
      const scores = tf.sum(tf.mul(hidden, inputs.scoreVector), 2); // [b, S]
      const weights = maskedSoftmax(scores, inputs.mask) as tf.Tensor2D; // [b, S]
      const context = tf.squeeze(tf.matMul(tf.expandDims(weights, 1), inputs.values), [1]); // [b, C]
      const gx = tf.add(gates, tf.matMul(context, contextWeight, false, true)) as tf.Tensor2D;
      const gh = tf.add(
        tf.matMul(state.h, inputs.weightHH, false, true),
        inputs.biasHH,
      ) as tf.Tensor2D;
      state = cellStepReference(kind, gx, gh, state);
      outputs.push(tf.concat([state.h, ...(state.c ? [state.c] : []), weights], 1) as tf.Tensor2D);
    }
    return tf.stack(outputs, 1) as tf.Tensor3D; // [b, T, R·H + S]
  });
}
