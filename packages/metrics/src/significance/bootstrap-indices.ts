import { MetricsError } from '../errors';

/** sacreBLEU's default seed (`SACREBLEU_SEED`). */
export const DEFAULT_BOOTSTRAP_SEED = 12345;

/**
 * `samples` resamples of `segments` segment indices, drawn uniformly with
 * replacement from a seeded generator (SplitMix32): `indices[r][i]` is the
 * segment at position i of resample r. The same seed gives the same indices
 * on every platform. (sacreBLEU draws with NumPy's PCG64, so its resamples
 * for a seed differ from these; pass its indices to reproduce it exactly.)
 */
export function bootstrapIndices(
  segments: number,
  samples: number,
  seed: number = DEFAULT_BOOTSTRAP_SEED,
): number[][] {
  for (const [field, value] of [
    ['segments', segments],
    ['samples', samples],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new MetricsError(
        `bootstrapIndices: ${field} must be a positive integer. Received: ${field}=${value}`,
      );
    }
  }
  if (!Number.isInteger(seed)) {
    throw new MetricsError(`bootstrapIndices: seed must be an integer. Received: seed=${seed}`);
  }
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
  return Array.from({ length: samples }, () =>
    Array.from({ length: segments }, () => Math.floor(next() * segments)),
  );
}
