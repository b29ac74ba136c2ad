import { CompareError } from '../errors';

/** The Transformer width chosen for a parameter budget. */
export interface TransformerSize {
  /** Width d, a multiple of the head count. */
  dimension: number;
  parameters: number;
  /** `parameters / target − 1`. */
  relativeDifference: number;
}

/**
 * Picks the Transformer width d (a multiple of `heads`) whose parameter count
 * is closest to `target`. With the layer counts fixed and the feed-forward
 * size a multiple of d, the count is a quadratic `a·d² + b·d + c` in d;
 * `countParameters` is called at three small widths to find a, b and c, the
 * quadratic is solved for `target`, and the two multiples of `heads` around
 * the root are counted exactly. No formula of the Transformer's layout is
 * assumed beyond that shape, so it follows the package as it changes.
 *
 * @param countParameters Builds the model of width d and returns its parameter count.
 */
export function matchTransformerSize(
  target: number,
  heads: number,
  countParameters: (dimension: number) => number,
): TransformerSize {
  const [d1, d2, d3] = [heads, 2 * heads, 3 * heads];
  const [p1, p2, p3] = [countParameters(d1), countParameters(d2), countParameters(d3)];
  // Second differences of a quadratic on equally spaced points: p3 − 2·p2 + p1 = 2·a·h².
  const a = (p3 - 2 * p2 + p1) / (2 * heads * heads);
  const b = (p2 - p1) / heads - a * (d1 + d2);
  const c = p1 - a * d1 * d1 - b * d1;
  const root =
    a > 0
      ? (-b + Math.sqrt(Math.max(0, b * b - 4 * a * (c - target)))) / (2 * a)
      : (target - c) / b;
  if (!Number.isFinite(root)) {
    throw new CompareError(
      `cannot size the Transformer to ${target} parameters (counts ${p1}, ${p2}, ${p3} at d = ${d1}, ${d2}, ${d3})`,
    );
  }
  const below = Math.max(heads, Math.floor(root / heads) * heads);
  const candidates = [...new Set([below, below + heads])];
  let best: TransformerSize | undefined;
  for (const dimension of candidates) {
    const parameters = countParameters(dimension);
    const relativeDifference = parameters / target - 1;
    if (!best || Math.abs(relativeDifference) < Math.abs(best.relativeDifference)) {
      best = { dimension, parameters, relativeDifference };
    }
  }
  return best as TransformerSize;
}
