import * as tf from '@tensorflow/tfjs-core';
import {
  compareWithCentralDifferences,
  type GradientCheckOptions,
  type GradientCheckReport,
  resolveGradientCheck,
} from './central-differences';

/**
 * `checkGradients` for a model's parameters: compares `tf.variableGrads` of
 * the scalar `loss()` with central finite differences obtained by nudging each
 * variable in place (restored afterwards). Throws naming the variable and
 * element that disagree; leaves no tensors behind.
 */
export function checkParameterGradients(
  loss: () => tf.Scalar,
  variables: tf.Variable[],
  options: GradientCheckOptions = {},
): GradientCheckReport {
  const check = resolveGradientCheck(options);
  const analytic = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(loss, variables);
    value.dispose();
    return variables.map((variable) => (grads[variable.name] as tf.Tensor).dataSync().slice());
  });
  let checked = 0;
  let maxError = 0;
  variables.forEach((variable, index) => {
    const values = Float32Array.from(variable.dataSync());
    const assign = () => tf.tidy(() => variable.assign(tf.tensor(values, variable.shape)));
    try {
      const report = compareWithCentralDifferences(
        values,
        analytic[index],
        () => {
          assign();
          return tf.tidy(() => loss().dataSync()[0] ?? Number.NaN);
        },
        check,
        (element) => `checkParameterGradients: ${variable.name} element ${element}`,
      );
      checked += report.checked;
      maxError = Math.max(maxError, report.maxError);
    } finally {
      assign();
    }
  });
  return { checked, maxError };
}
