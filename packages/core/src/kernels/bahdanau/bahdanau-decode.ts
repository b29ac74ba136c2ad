import * as tf from '@tensorflow/tfjs-core';
import type { CellKind } from '../cells/cell-kind';
import { gradientTapeIsRecording, hasKernel } from '../kernel-host';
import type { KernelOptions } from '../recurrence/recurrence';
import { bahdanauDecodeReference } from './bahdanau-reference';

/** The kernel's name; its gradient is `HeedBahdanauDecodeGrad`. */
export const BAHDANAU_DECODE = 'HeedBahdanauDecode';

/** The cell of a Bahdanau decoder layer. */
export interface BahdanauAttributes {
  kind: CellKind;
  /** H, the decoder state size. */
  hidden: number;
}

/**
 * The tensors of a Bahdanau decoder layer with an additive score (PyTorch
 * layouts); G gate blocks, R = 1 (GRU) or 2 (LSTM), U score units, C = dv.
 */
export interface BahdanauInputs {
  /** `[b, T, E]`: each step's input embedding e_t. */
  embedded: tf.Tensor3D;
  /** `W_ih [G·H, E + C]`: the input weights, embedding columns first, then the context's. */
  weightIH: tf.Tensor2D;
  /** `b_ih [G·H]`. */
  biasIH: tf.Tensor1D;
  /** `[b, R·H]` initial state: h, then (LSTM) c. */
  initial: tf.Tensor2D;
  /** `W_hh [G·H, H]`. */
  weightHH: tf.Tensor2D;
  /** `b_hh [G·H]`. */
  biasHH: tf.Tensor1D;
  /** `[U, H]`: the score's query projection. */
  queryWeight: tf.Tensor2D;
  /** `[U]`: the score vector. */
  scoreVector: tf.Tensor1D;
  /** `[b, S, U]`: the prepared key side of the score. */
  keyFeatures: tf.Tensor3D;
  /** `[b, S, C]`. */
  values: tf.Tensor3D;
  /** `[b, S]` float32, 1 = real position. */
  mask: tf.Tensor2D;
}

/**
 * A teacher-forced Bahdanau decoder layer (or, with T = 1, one decoding
 * step), differentiable. Each step t:
 *
 *     w_t = masked-softmax_s(vᵀ tanh(keyFeatures_s + W_q h_{t−1})),  c_t = Σ_s w_ts values_s
 *     state_t = cell(W_ih [e_t; c_t] + b_ih, W_hh h_{t−1} + b_hh)
 *
 * heed's `HeedBahdanauDecode` kernel where the active backend has it,
 * otherwise the same computation in TF.js ops under autograd.
 *
 * @returns `[b, T, R·H + S]`: each step's h, (LSTM) c, then the attention weights.
 */
export function bahdanauDecode(
  inputs: BahdanauInputs,
  attributes: BahdanauAttributes,
  options: KernelOptions = {},
): tf.Tensor3D {
  if (options.useKernel === false || !hasKernel(BAHDANAU_DECODE)) {
    return bahdanauDecodeReference(inputs, attributes);
  }
  return tf.tidy(() => {
    const [packed] = tf.engine().runKernel(
      BAHDANAU_DECODE,
      inputs as unknown as tf.NamedTensorMap,
      {
        ...attributes,
        // Outside a gradient tape the kernel returns only the output.
        saveForGradient: gradientTapeIsRecording(),
      } as unknown as tf.NamedAttrMap,
    ) as tf.Tensor[];
    return packed as tf.Tensor3D;
  });
}
