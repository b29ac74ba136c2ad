import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { checkGradients } from './check-gradients';
import { expectNoLeaks } from './expect-no-leaks';

/** x² with a chosen gradient: `2x` is right, anything else is wrong. */
function squareWithGradient(gradient: (x: tf.Tensor) => tf.Tensor) {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([x]);
    return {
      value: tf.square(x),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
        tf.mul(dy, gradient(saved[0] as tf.Tensor)),
      ],
    };
  });
}

describe('checkGradients', () => {
  it('passes on a correct gradient and reports what it checked', async () => {
    const x = tf.tensor2d([
      [0.5, -1],
      [2, 0.25],
    ]);
    const square = squareWithGradient((saved) => tf.mul(saved, 2));
    const report = await expectNoLeaks(() => checkGradients((input) => tf.sum(square(input)), [x]));
    expect(report.checked).toBe(4);
    expect(report.maxError).toBeLessThan(1e-3);
    x.dispose();
  });

  it('fails on a deliberately wrong gradient, naming the input and element', () => {
    const x = tf.tensor1d([0.5, -1, 2]);
    const square = squareWithGradient((saved) => tf.mul(saved, 3));
    expect(() => checkGradients((input) => tf.sum(square(input)), [x])).toThrow(
      /^checkGradients: input 0, element 0: analytic 1\.5, numeric 0\.99999/,
    );
    x.dispose();
  });

  it('checks every input of a function of several', () => {
    const a = tf.tensor1d([1, 2]);
    const b = tf.tensor1d([3, -1]);
    const report = checkGradients(
      (x, y) => tf.sum(tf.mul(tf.sin(x as tf.Tensor), y as tf.Tensor)),
      [a, b],
    );
    expect(report.checked).toBe(4);
    // A gradient wrong only for the second input is caught there.
    const wrongForSecond = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [x, y, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
      save([x, y]);
      return {
        value: tf.sum(tf.mul(x, y)),
        gradFunc: (dy: tf.Tensor, [sx, sy]: tf.Tensor[]) => [
          tf.mul(dy, sy as tf.Tensor),
          tf.mul(dy, tf.neg(sx as tf.Tensor)),
        ],
      };
    });
    expect(() =>
      checkGradients((x, y) => wrongForSecond(x as tf.Tensor, y as tf.Tensor) as tf.Scalar, [a, b]),
    ).toThrow(/^checkGradients: input 1, element 0: analytic -1, numeric 0\.99999/);
    tf.dispose([a, b]);
  });

  it('samples at most about maxChecksPerInput elements of a large input', () => {
    const x = tf.randomUniform([100], -1, 1, 'float32', 3);
    const report = checkGradients((input) => tf.sum(tf.square(input)), [x], {
      maxChecksPerInput: 10,
    });
    expect(report.checked).toBe(10);
    x.dispose();
  });
});
