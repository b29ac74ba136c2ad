import { torchLinear } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * The decoder's per-step product with a weight transposed once ahead of the
 * loop (`linearPretransposed`), and the deprecated `linearTorch`. Both go
 * once the decoder's step weights use `torchLinear` from @heed/core, whose
 * transposed product the wasm `BatchMatMul` kernel keeps fast.
 */

/**
 * `aᵀ · b` for `a [n, k]`, `b [n, m]` → `[k, m]`: `transpose(a) · b`, or
 * `(transpose(b) · a)ᵀ` when that moves fewer values.
 */
function transposedProduct(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const [n, k] = a.shape;
  const m = b.shape[1];
  return n * k <= n * m + k * m
    ? tf.matMul(tf.transpose(a), b)
    : (tf.transpose(tf.matMul(tf.transpose(b), a)) as tf.Tensor2D);
}

function withBias(y: tf.Tensor2D, bias: tf.Tensor | undefined): tf.Tensor2D {
  return bias ? (tf.add(y, bias) as tf.Tensor2D) : y;
}

function biasGrad(dy: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(dy, 0);
}

type GradientArgs = (tf.Tensor | tf.GradSaveFunc)[];

/** Splits customGrad's arguments into the tensors and the save function. */
function unpack(args: GradientArgs): { tensors: tf.Tensor2D[]; save: tf.GradSaveFunc } {
  const save = args[args.length - 1] as tf.GradSaveFunc;
  return { tensors: args.slice(0, -1) as tf.Tensor2D[], save };
}

/**
 * @deprecated `torchLinear` from @heed/core: `x · weightᵀ + bias` with
 * `weight [out, in]`, `[..., in] → [..., out]`, whose transposed product the
 * wasm `BatchMatMul` kernel runs fast. Kept until the last callers switch.
 */
export const linearTorch = torchLinear;

/**
 * `x · weightᵀ + bias` for a weight transposed once ahead of a loop of steps
 * (`weightT = tf.transpose(weight)`): the step costs one plain matMul forward
 * and two backward, and the gradient reaches `weight` through `weightT`.
 * @param x `[N, in]`.
 * @param weightT `[in, out]`.
 * @param weight `[out, in]`, the same values (kept for dx; it gets no gradient here).
 * @returns `[N, out]`.
 */
export function linearPretransposed(
  x: tf.Tensor2D,
  weightT: tf.Tensor2D,
  weight: tf.Tensor2D,
  bias?: tf.Tensor1D,
): tf.Tensor2D {
  const op = tf.customGrad((...args: GradientArgs) => {
    const { tensors, save } = unpack(args);
    const [xs, transposed, offset] = tensors as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D?];
    save([xs, weight]);
    return {
      value: withBias(tf.matMul(xs, transposed), offset),
      gradFunc: (dy: tf.Tensor, [savedX, savedWeight]: tf.Tensor[]) => {
        const dOut = dy as tf.Tensor2D;
        return [
          tf.matMul(dOut, savedWeight as tf.Tensor2D), // [N, in]
          transposedProduct(savedX as tf.Tensor2D, dOut), // [in, out]
          ...(offset ? [biasGrad(dOut)] : []),
        ];
      },
    };
  });
  return (bias ? op(x, weightT, bias) : op(x, weightT)) as tf.Tensor2D;
}
