import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { checkParameterGradients } from './check-parameter-gradients';
import { expectNoLeaks } from './expect-no-leaks';

describe('checkParameterGradients', () => {
  it('passes for a correct model and restores the weights', async () => {
    const w = tf.variable(
      tf.tensor2d([
        [0.5, -1],
        [2, 0.3],
      ]),
    );
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const before = Array.from(w.dataSync());
    await expectNoLeaks(() => {
      const report = checkParameterGradients(() => tf.sum(tf.tanh(tf.matMul(x, w))), [w]);
      expect(report.checked).toBe(4);
    });
    expect(Array.from(w.dataSync())).toEqual(before);
    tf.dispose([w, x]);
  });

  it('fails when the gradient is wrong', () => {
    const w = tf.variable(tf.tensor1d([0.5, -1]));
    const wrongSquare = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const x = args[0] as tf.Tensor;
      return { value: tf.square(x), gradFunc: (dy: tf.Tensor) => tf.mul(dy, 3) };
    });
    expect(() =>
      checkParameterGradients(() => tf.sum(wrongSquare(w) as tf.Tensor) as tf.Scalar, [w]),
    ).toThrow(/checkParameterGradients: \S+ element 0: analytic 3, numeric (1|0\.99)/);
    expect(Array.from(w.dataSync())).toEqual([0.5, -1]);
    w.dispose();
  });
});
