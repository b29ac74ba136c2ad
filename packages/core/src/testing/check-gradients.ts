import * as tf from '@tensorflow/tfjs-core';
import {
  compareWithCentralDifferences,
  type GradientCheckOptions,
  type GradientCheckReport,
  resolveGradientCheck,
} from './central-differences';

/**
 * Compares `tf.grads` of the scalar function `f` with central finite
 * differences at `inputs`, and throws naming the input and element that
 * disagree. Leaves no tensors behind.
 */
export function checkGradients(
  f: (...inputs: tf.Tensor[]) => tf.Scalar,
  inputs: tf.Tensor[],
  options: GradientCheckOptions = {},
): GradientCheckReport {
  const check = resolveGradientCheck(options);
  const analytic = tf.tidy(() =>
    tf
      .grads(f)(inputs)
      .map((g) => g.dataSync().slice()),
  );
  const base = inputs.map((input) => Float32Array.from(input.dataSync()));
  const evaluate = (): number =>
    tf.tidy(() => {
      const tensors = base.map((v, i) => tf.tensor(v, inputs[i]?.shape, 'float32'));
      return f(...tensors).dataSync()[0] ?? Number.NaN;
    });
  let checked = 0;
  let maxError = 0;
  base.forEach((values, inputIndex) => {
    const report = compareWithCentralDifferences(
      values,
      analytic[inputIndex],
      evaluate,
      check,
      (element) => `checkGradients: input ${inputIndex}, element ${element}`,
    );
    checked += report.checked;
    maxError = Math.max(maxError, report.maxError);
  });
  return { checked, maxError };
}
