/** Options for `checkGradients` and `checkParameterGradients`. */
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

/** Gradient-check tolerances with defaults filled in. */
export type ResolvedGradientCheck = Required<GradientCheckOptions>;

/** Defaults: epsilon 1e-2 (float32 arithmetic), atol 1e-3, rtol 1e-2, 20 elements per input. */
export function resolveGradientCheck(options: GradientCheckOptions): ResolvedGradientCheck {
  return {
    epsilon: options.epsilon ?? 1e-2,
    atol: options.atol ?? 1e-3,
    rtol: options.rtol ?? 1e-2,
    maxChecksPerInput: options.maxChecksPerInput ?? 20,
  };
}

/**
 * Compares `analytic` with central differences at evenly spaced elements of
 * `values`: each element is nudged by ±epsilon in place (and restored), and
 * `evaluate()` must read the current `values`. Throws `<label(i)>: analytic a,
 * numeric n` at the first element outside |a − n| ≤ atol + rtol·|n|.
 */
export function compareWithCentralDifferences(
  values: Float32Array,
  analytic: ArrayLike<number> | undefined,
  evaluate: () => number,
  check: ResolvedGradientCheck,
  label: (element: number) => string,
): GradientCheckReport {
  const { epsilon, atol, rtol, maxChecksPerInput } = check;
  const stride = Math.max(1, Math.floor(values.length / maxChecksPerInput));
  let checked = 0;
  let maxError = 0;
  for (let i = 0; i < values.length; i += stride) {
    const original = values[i] ?? 0;
    values[i] = original + epsilon;
    const plus = evaluate();
    values[i] = original - epsilon;
    const minus = evaluate();
    values[i] = original;
    const numeric = (plus - minus) / (2 * epsilon);
    const exact = analytic?.[i] ?? Number.NaN;
    const error = Math.abs(exact - numeric);
    checked++;
    maxError = Math.max(maxError, error);
    if (!(error <= atol + rtol * Math.abs(numeric))) {
      throw new Error(`${label(i)}: analytic ${exact}, numeric ${numeric}`);
    }
  }
  return { checked, maxError };
}
