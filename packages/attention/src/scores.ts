import { torchLinear } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * The score functions the variants share (and the Keras-style layers reuse).
 * Key-side halves run once in `prepare`; query-side halves run per `attend`.
 */

/**
 * `qᵀk` for every query/key pair.
 * @param query `[b, T, d]` (or `[b, h, T, d]`).
 * @param keys `[b, S, d]` (or `[b, h, S, d]`).
 * @returns `[b, T, S]` (or `[b, h, T, S]`).
 */
export function dotScores<T extends tf.Tensor>(query: T, keys: tf.Tensor): T {
  return tf.matMul(query as tf.Tensor3D, keys as tf.Tensor3D, false, true) as tf.Tensor as T;
}

/** Options of `mlpScores`. */
export interface MlpScoresOptions {
  /**
   * Build the query side at full size with an outer-product matMul, so the
   * add needs no broadcasting along S. Defaults to true on the pure-JS `cpu`
   * backend, whose broadcasting binary ops take a per-element slow path (the
   * add is 4–6× faster this way there), and false elsewhere (native
   * broadcasting is faster than the extra matMul on wasm).
   */
  outerProduct?: boolean;
}

/**
 * `vᵀ tanh(q_t + k_s)` for every pair: the additive (Bahdanau) and concat
 * (Luong) score once both sides are projected to `u` features.
 * @param queryFeatures `[b, T, u]`.
 * @param keyFeatures `[b, S, u]`.
 * @param v `[u]`.
 * @returns `[b, T, S]`.
 */
export function mlpScores(
  queryFeatures: tf.Tensor3D,
  keyFeatures: tf.Tensor3D,
  v: tf.Tensor1D,
  options: MlpScoresOptions = {},
): tf.Tensor3D {
  return tf.tidy(() => {
    const [b, T, units] = queryFeatures.shape;
    const S = keyFeatures.shape[1];
    const column = tf.reshape(v, [units, 1]) as tf.Tensor2D; // [u, 1]
    if (!(options.outerProduct ?? tf.getBackend() === 'cpu')) {
      const hidden = tf.tanh(
        tf.add(tf.expandDims(queryFeatures, 2), tf.expandDims(keyFeatures, 1)),
      ); // [b, T, S, u]
      const scores = tf.matMul(tf.reshape(hidden, [b * T * S, units]) as tf.Tensor2D, column);
      return tf.reshape(scores, [b, T, S]) as tf.Tensor3D;
    }
    const queriesFirst =
      T === 1
        ? tf.reshape(queryFeatures, [b, 1, units])
        : tf.reshape(tf.transpose(queryFeatures, [1, 0, 2]), [T * b, 1, units]); // [T·b, 1, u]
    const repeated = tf.matMul(tf.ones([T * b, S, 1]) as tf.Tensor3D, queriesFirst as tf.Tensor3D); // [T·b, S, u]
    // keyFeatures [b, S, u] broadcasts over the leading T axis only: the fast path.
    const hidden = tf.tanh(tf.add(tf.reshape(repeated, [T, b, S, units]), keyFeatures)); // [T, b, S, u]
    const scores = tf.matMul(tf.reshape(hidden, [T * b * S, units]) as tf.Tensor2D, column); // [T·b·S, 1]
    return (
      T === 1
        ? tf.reshape(scores, [b, 1, S])
        : tf.transpose(tf.reshape(scores, [T, b, S]), [1, 0, 2])
    ) as tf.Tensor3D; // [b, T, S]
  });
}

/**
 * Key half of Luong's concat score `vᵀ tanh(W [q; k] + b)`: `W_k k + b`, with
 * `W_k = W[:, dq:]`.
 * @param keys `[b, S, dk]`.
 * @param weight `[u, dq + dk]`.
 * @param bias `[u]`.
 * @returns `[b, S, u]`.
 */
export function concatKeyFeatures(
  keys: tf.Tensor3D,
  weight: tf.Tensor2D,
  queryDim: number,
  bias?: tf.Tensor1D,
): tf.Tensor3D {
  return tf.tidy(() => {
    const [units, total] = weight.shape;
    const keyWeight = tf.slice(weight, [0, queryDim], [units, total - queryDim]); // [u, dk]
    return torchLinear(keys, keyWeight, bias);
  });
}

/**
 * Query half of the concat score: `W_q q`, with `W_q = W[:, :dq]`.
 * @param query `[b, T, dq]`.
 * @param weight `[u, dq + dk]`.
 * @returns `[b, T, u]`.
 */
export function concatQueryFeatures(query: tf.Tensor3D, weight: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => {
    const queryDim = query.shape[2];
    const queryWeight = tf.slice(weight, [0, 0], [weight.shape[0], queryDim]); // [u, dq]
    return torchLinear(query, queryWeight);
  });
}
