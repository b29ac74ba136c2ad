/**
 * Scalar functions for the fused kernels' JavaScript loops.
 *
 * `Math.tanh` costs 25–100 ns in V8; the rational approximation below (the
 * one Eigen uses for float32, a 13/6-degree minimax fit on [−7.9, 7.9]) costs
 * 2–5 ns and stays within 3e-7 of the exact value everywhere, well inside
 * float32 rounding of the surrounding arithmetic.
 */

const CLAMP = 7.905311107635498;

/** tanh(x), absolute error < 3e-7. */
export function tanh(x: number): number {
  if (x > CLAMP) x = CLAMP;
  else if (x < -CLAMP) x = -CLAMP;
  const x2 = x * x;
  let p = x2 * -2.76076847742355e-16 + 2.00018790482477e-13;
  p = p * x2 + -8.60467152213735e-11;
  p = p * x2 + 5.12229709037114e-8;
  p = p * x2 + 1.48572235717979e-5;
  p = p * x2 + 6.37261928875436e-4;
  p = p * x2 + 4.89352455891786e-3;
  let q = x2 * 1.19825839466702e-6 + 1.18534705686654e-4;
  q = q * x2 + 2.268434632439e-3;
  q = q * x2 + 4.89352518554385e-3;
  return (p * x) / q;
}

/** The logistic function 1 / (1 + e^−x) = (1 + tanh(x/2)) / 2, absolute error < 2e-7. */
export function sigmoid(x: number): number {
  return 0.5 + 0.5 * tanh(0.5 * x);
}

/** Exponents n of the 2ⁿ table below: [−150, 127]. */
const LOWEST_EXPONENT = -150;
const POWERS_OF_TWO = Float64Array.from({ length: 278 }, (_, i) => 2 ** (i + LOWEST_EXPONENT));

/**
 * eˣ, relative error < 1e-8: `2ⁿ · e^r` with n = round(x·log₂e) from a table
 * and e^r, |r| ≤ ln2/2, by its degree-7 Taylor polynomial. 2–3× faster than
 * `Math.exp` in V8, which the softmax loops call once per vocabulary entry.
 * Outside [−103, 88] (where float32 under- or overflows) and for NaN it is
 * `Math.exp`.
 */
export function exp(x: number): number {
  if (!(x >= -103 && x <= 88)) return Math.exp(x);
  // x·log₂e + 0.5 ∈ (−149, 128): shifted positive, `| 0` floors it.
  const n = ((x * Math.LOG2E + 256.5) | 0) - 256;
  const r = x - n * Math.LN2;
  let p = r * (1 / 5040) + 1 / 720;
  p = p * r + 1 / 120;
  p = p * r + 1 / 24;
  p = p * r + 1 / 6;
  p = p * r + 0.5;
  p = p * r + 1;
  p = p * r + 1;
  return p * POWERS_OF_TWO[n - LOWEST_EXPONENT]!;
}
