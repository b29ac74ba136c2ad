import * as tf from '@tensorflow/tfjs-core';
import type { GradientCheckOptions, GradientCheckReport } from './check-gradients';

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
  const epsilon = options.epsilon ?? 1e-2;
  const atol = options.atol ?? 1e-3;
  const rtol = options.rtol ?? 1e-2;
  const maxChecks = options.maxChecksPerInput ?? 20;
  const analytic = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(loss, variables);
    value.dispose();
    return variables.map((variable) => (grads[variable.name] as tf.Tensor).dataSync().slice());
  });
  const evaluate = () => tf.tidy(() => loss().dataSync()[0] ?? Number.NaN);
  let checked = 0;
  let maxError = 0;
  variables.forEach((variable, index) => {
    const values = Float32Array.from(variable.dataSync());
    const set = (data: Float32Array) =>
      tf.tidy(() => variable.assign(tf.tensor(data, variable.shape)));
    const stride = Math.max(1, Math.floor(values.length / maxChecks));
    try {
      for (let i = 0; i < values.length; i += stride) {
        const original = values[i] ?? 0;
        values[i] = original + epsilon;
        set(values);
        const plus = evaluate();
        values[i] = original - epsilon;
        set(values);
        const minus = evaluate();
        values[i] = original;
        const numeric = (plus - minus) / (2 * epsilon);
        const exact = analytic[index]?.[i] ?? Number.NaN;
        const error = Math.abs(exact - numeric);
        checked++;
        maxError = Math.max(maxError, error);
        if (!(error <= atol + rtol * Math.abs(numeric))) {
          throw new Error(
            `checkParameterGradients: ${variable.name} element ${i}: analytic ${exact}, numeric ${numeric}`,
          );
        }
      }
    } finally {
      set(values);
    }
  });
  return { checked, maxError };
}
