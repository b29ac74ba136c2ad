import type { Module } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Compares `tf.variableGrads` of `loss` with central finite differences for
 * every trainable parameter of `module` (a few elements each), the variable
 * counterpart of core's `checkGradients`, which differentiates with respect to
 * inputs. Throws naming the parameter and element that disagree.
 */
export function checkParameterGradients(
  module: Module,
  loss: () => tf.Scalar,
  options: { epsilon?: number; atol?: number; rtol?: number; maxChecksPerParameter?: number } = {},
): { checked: number; maxError: number } {
  const epsilon = options.epsilon ?? 1e-2;
  const atol = options.atol ?? 1e-3;
  const rtol = options.rtol ?? 1e-2;
  const maxChecks = options.maxChecksPerParameter ?? 6;
  const parameters = [...module.namedParameters()].filter(([, variable]) => variable.trainable);
  const { value, grads } = tf.variableGrads(
    loss,
    parameters.map(([, variable]) => variable),
  );
  const analytic = new Map(
    parameters.map(([path, variable]) => [path, grads[variable.name]?.dataSync().slice()]),
  );
  tf.dispose([value, ...Object.values(grads)]);
  const evaluate = (): number => tf.tidy(() => loss().dataSync()[0] ?? Number.NaN);
  let checked = 0;
  let maxError = 0;
  for (const [path, variable] of parameters) {
    const values = Float32Array.from(variable.dataSync());
    const set = (): void => tf.tidy(() => variable.assign(tf.tensor(values, variable.shape)));
    const stride = Math.max(1, Math.floor(values.length / maxChecks));
    for (let i = 0; i < values.length; i += stride) {
      const original = values[i] ?? 0;
      values[i] = original + epsilon;
      set();
      const plus = evaluate();
      values[i] = original - epsilon;
      set();
      const minus = evaluate();
      values[i] = original;
      set();
      const numeric = (plus - minus) / (2 * epsilon);
      const exact = analytic.get(path)?.[i] ?? Number.NaN;
      const error = Math.abs(exact - numeric);
      checked++;
      maxError = Math.max(maxError, error);
      if (!(error <= atol + rtol * Math.abs(numeric))) {
        throw new Error(
          `checkParameterGradients: ${path}, element ${i}: analytic ${exact}, numeric ${numeric}`,
        );
      }
    }
  }
  return { checked, maxError };
}
