import * as tf from '@tensorflow/tfjs-core';

/**
 * Dense layers whose forward and backward passes use only plain matMuls.
 *
 * TF.js's wasm backend runs a matMul with a transposed operand 4–60× slower
 * than `tf.transpose` followed by a plain matMul, and the stock gradient of
 * `matMul(x, w)` needs both transposed forms. These ops materialise the
 * transposes themselves, choosing the smaller tensor to transpose.
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

/** Flattens `x [..., in]` to `[N, in]`, applies `rows`, and restores the leading axes. */
function overRows<T extends tf.Tensor>(x: T, rows: (flat: tf.Tensor2D) => tf.Tensor2D): T {
  return tf.tidy(() => {
    const leading = x.shape.slice(0, -1);
    const flat = tf.reshape(x, [-1, x.shape[x.rank - 1] as number]) as tf.Tensor2D; // [N, in]
    const y = rows(flat); // [N, out]
    return tf.reshape(y, [...leading, y.shape[1]]) as T;
  });
}

type GradientArgs = (tf.Tensor | tf.GradSaveFunc)[];

/** Splits customGrad's arguments into the tensors and the save function. */
function unpack(args: GradientArgs): { tensors: tf.Tensor2D[]; save: tf.GradSaveFunc } {
  const save = args[args.length - 1] as tf.GradSaveFunc;
  return { tensors: args.slice(0, -1) as tf.Tensor2D[], save };
}

/** `x [N, in] · weight [out, in]ᵀ (+ bias)`. */
const torchLayout = tf.customGrad((...args: GradientArgs) => {
  const { tensors, save } = unpack(args);
  const [x, weight, bias] = tensors as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D?];
  save([x, weight]);
  return {
    value: withBias(tf.matMul(x, tf.transpose(weight)), bias),
    gradFunc: (dy: tf.Tensor, [xs, w]: tf.Tensor[]) => {
      const dOut = dy as tf.Tensor2D;
      return [
        tf.matMul(dOut, w as tf.Tensor2D), // [N, in]
        transposedProduct(dOut, xs as tf.Tensor2D), // [out, in]
        ...(bias ? [biasGrad(dOut)] : []),
      ];
    },
  };
});

/**
 * `x · weightᵀ + bias` with `weight [out, in]` in PyTorch's `nn.Linear` layout.
 * @param x `[..., in]`.
 * @returns `[..., out]`.
 */
export function linearTorch<T extends tf.Tensor>(x: T, weight: tf.Tensor2D, bias?: tf.Tensor1D): T {
  return overRows(
    x,
    (flat) => (bias ? torchLayout(flat, weight, bias) : torchLayout(flat, weight)) as tf.Tensor2D,
  );
}

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
