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
    : tf.transpose(tf.matMul(tf.transpose(b), a));
}

function withBias(y: tf.Tensor2D, bias: tf.Tensor | undefined): tf.Tensor2D {
  return bias ? tf.add(y, bias) : y;
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

const torchLayoutWithBias = tf.customGrad(
  (x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x, weight]);
    const y = withBias(tf.matMul(x as tf.Tensor2D, tf.transpose(weight) as tf.Tensor2D), bias);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, [xs, w]: tf.Tensor[]) => [
        tf.matMul(dy as tf.Tensor2D, w as tf.Tensor2D), // [N, in]
        transposedProduct(dy as tf.Tensor2D, xs as tf.Tensor2D), // [out, in]
        biasGrad(dy as tf.Tensor2D),
      ],
    };
  },
);

const torchLayout = tf.customGrad((x: tf.Tensor, weight: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x, weight]);
  return {
    value: tf.matMul(x as tf.Tensor2D, tf.transpose(weight) as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, [xs, w]: tf.Tensor[]) => [
      tf.matMul(dy as tf.Tensor2D, w as tf.Tensor2D),
      transposedProduct(dy as tf.Tensor2D, xs as tf.Tensor2D),
    ],
  };
});

/**
 * `x · weightᵀ + bias` with `weight [out, in]` in PyTorch's `nn.Linear` layout.
 * @param x `[..., in]`.
 * @returns `[..., out]`.
 */
export function linearTorch<T extends tf.Tensor>(x: T, weight: tf.Tensor2D, bias?: tf.Tensor1D): T {
  return overRows(x, (flat) =>
    bias
      ? (torchLayoutWithBias(flat, weight, bias) as tf.Tensor2D)
      : (torchLayout(flat, weight) as tf.Tensor2D),
  );
}

const kernelLayout = tf.customGrad(
  (x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x, kernel]);
    return {
      value: withBias(tf.matMul(x as tf.Tensor2D, kernel as tf.Tensor2D), bias),
      gradFunc: (dy: tf.Tensor, [xs, k]: tf.Tensor[]) => [
        tf.matMul(dy as tf.Tensor2D, tf.transpose(k) as tf.Tensor2D), // [N, in]
        transposedProduct(xs as tf.Tensor2D, dy as tf.Tensor2D), // [in, out]
        biasGrad(dy as tf.Tensor2D),
      ],
    };
  },
);

/**
 * `x · kernel + bias` with `kernel [in, out]` (the layout of core's
 * `OutputProjection`).
 * @param x `[..., in]`.
 * @returns `[..., out]`.
 */
export function linearKernel<T extends tf.Tensor>(x: T, kernel: tf.Tensor2D, bias: tf.Tensor1D): T {
  return overRows(x, (flat) => kernelLayout(flat, kernel, bias) as tf.Tensor2D);
}
