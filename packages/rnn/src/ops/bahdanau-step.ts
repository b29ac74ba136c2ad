import * as tf from '@tensorflow/tfjs-core';
import { type CellKind, cellKernel } from '../cell-kind';
import { additiveForward } from '../fused/additive-kernel';
import { denseRows } from '../fused/rows';
import { copyFloats, floatsOf, tensorFrom } from '../fused/tensor-data';

/** The tensors of one Bahdanau decoding step with additive attention (PyTorch layouts). */
export interface BahdanauStepInputs {
  /** `[b, E]` embeddings of the previous tokens. */
  embedded: tf.Tensor2D;
  /** `[b, H]` previous state (the query). */
  h: tf.Tensor2D;
  /** `[b, H]` previous LSTM cell. */
  c?: tf.Tensor2D;
  /** `W_ihᵀ [E + C, G·H]`, `b_ih`, `W_hhᵀ [H, G·H]`, `b_hh` (transposed PyTorch weights). */
  weightIHT: tf.Tensor2D;
  biasIH: tf.Tensor1D;
  weightHHT: tf.Tensor2D;
  biasHH: tf.Tensor1D;
  /** Additive attention's `W2ᵀ [H, U]`, `v [U]`, and prepared `W1 k + b` `[b, S, U]`. */
  weightQueryT: tf.Tensor2D;
  v: tf.Tensor1D;
  keyFeatures: tf.Tensor3D;
  /** `[b, S, C]`. */
  values: tf.Tensor3D;
}

/**
 * One step of a Bahdanau decoder layer with additive attention for
 * inference: three matMuls (`W2 h`, `W_ih [e; c]`, `W_hh h`, by weights
 * transposed once per decoding session) around the fused attention and cell
 * kernels. Not differentiable (decoding only; training
 * goes through `fusedBahdanau` or the step-wise ops).
 * @returns the new state and the attention weights `[b, S]`.
 */
export function bahdanauStep(
  kind: CellKind,
  mask: Float32Array | null,
  inputs: BahdanauStepInputs,
): { h: tf.Tensor2D; c?: tf.Tensor2D; weights: tf.Tensor2D } {
  const kernel = cellKernel(kind);
  const [b, H] = inputs.h.shape;
  const [, S, U] = inputs.keyFeatures.shape;
  const C = inputs.values.shape[2];
  const GH = kernel.gates * H;
  return tf.tidy(() => {
    const query = tf.matMul(inputs.h, inputs.weightQueryT); // [b, U]
    const context = new Float32Array(b * C);
    const weights = new Float32Array(b * S);
    additiveForward({
      batch: b,
      sourceLength: S,
      units: U,
      valueDim: C,
      keyFeatures: floatsOf(inputs.keyFeatures),
      queryFeatures: denseRows(floatsOf(query), U),
      v: copyFloats(inputs.v),
      mask,
      values: floatsOf(inputs.values),
      hidden: new Float32Array(b * S * U),
      hiddenBase: 0,
      weights: denseRows(weights, S),
      context,
    });
    const x = tf.concat([inputs.embedded, tensorFrom<tf.Tensor2D>(context, [b, C])], 1); // [b, E + C]
    const gx = tf.add(tf.matMul(x, inputs.weightIHT), inputs.biasIH); // [b, G·H]
    const gh = tf.matMul(inputs.h, inputs.weightHHT); // [b, G·H]
    const biasHH = copyFloats(inputs.biasHH);
    const hPrev = copyFloats(inputs.h);
    const cPrev = inputs.c ? copyFloats(inputs.c) : null;
    const hNext = new Float32Array(b * H);
    const cNext = cPrev ? new Float32Array(b * H) : null;
    kernel.forward({
      batch: b,
      hidden: H,
      gx: denseRows(floatsOf(gx), GH),
      gxExtra: null,
      gh: denseRows(floatsOf(gh), GH),
      biasHH,
      hPrev,
      cPrev,
      hNext,
      cNext,
      output: null,
      saved: new Float32Array(b * kernel.savedWidth * H),
      savedBase: 0,
      lengths: null,
      step: 0,
    });
    return {
      h: tensorFrom<tf.Tensor2D>(hNext, [b, H]),
      ...(cNext ? { c: tensorFrom<tf.Tensor2D>(cNext, [b, H]) } : {}),
      weights: tensorFrom<tf.Tensor2D>(weights, [b, S]),
    };
  });
}
