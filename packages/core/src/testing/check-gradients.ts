import * as tf from '@tensorflow/tfjs-core';

/** Options for `checkGradients`. */
export interface GradientCheckOptions {
  /** Central-difference step. Defaults to 1e-2 (float32 arithmetic). */
  epsilon?: number;
  /** Allowed |analytic − numeric| ≤ atol + rtol·|numeric|. Defaults: atol 1e-3, rtol 1e-2. */
  atol?: number;
  rtol?: number;
  /** Elements checked per input, spread evenly. Defaults to 20. */
  maxChecksPerInput?: number;
}

/** The largest discrepancy found. */
export interface GradientCheckReport {
  checked: number;
  maxError: number;
}

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
  const epsilon = options.epsilon ?? 1e-2;
  const atol = options.atol ?? 1e-3;
  const rtol = options.rtol ?? 1e-2;
  const maxChecks = options.maxChecksPerInput ?? 20;
  const analytic = tf.tidy(() =>
    tf
      .grads(f)(inputs)
      .map((g) => g.dataSync().slice()),
  );
  const evaluate = (values: Float32Array[]): number =>
    tf.tidy(() => {
      const tensors = values.map((v, i) => tf.tensor(v, inputs[i]?.shape, 'float32'));
      return f(...tensors).dataSync()[0] ?? Number.NaN;
    });
  const base = inputs.map((input) => Float32Array.from(input.dataSync()));
  let checked = 0;
  let maxError = 0;
  base.forEach((values, inputIndex) => {
    const stride = Math.max(1, Math.floor(values.length / maxChecks));
    for (let i = 0; i < values.length; i += stride) {
      const original = values[i] ?? 0;
      values[i] = original + epsilon;
      const plus = evaluate(base);
      values[i] = original - epsilon;
      const minus = evaluate(base);
      values[i] = original;
      const numeric = (plus - minus) / (2 * epsilon);
      const exact = analytic[inputIndex]?.[i] ?? Number.NaN;
      const error = Math.abs(exact - numeric);
      checked++;
      maxError = Math.max(maxError, error);
      if (!(error <= atol + rtol * Math.abs(numeric))) {
        throw new Error(
          `checkGradients: input ${inputIndex}, element ${i}: analytic ${exact}, numeric ${numeric}`,
        );
      }
    }
  });
  return { checked, maxError };
}
