import type { CorpusMetric } from '../corpus-metric';
import { MetricsError } from '../errors';
import type { ReferenceStreams } from '../references';
import { bootstrapIndices, DEFAULT_BOOTSTRAP_SEED } from './bootstrap-indices';

export interface PairedBootstrapOptions {
  /** Resamples. Defaults to 1000 (sacreBLEU's `--paired-bs-n`). */
  samples?: number;
  /** Seed of the resample draw (see `bootstrapIndices`). Defaults to 12345 (sacreBLEU's). */
  seed?: number;
  /**
   * The resamples themselves, `[samples][segments]` segment indices; they
   * replace `samples` and `seed` (e.g. to reproduce sacreBLEU's draw).
   */
  indices?: readonly (readonly number[])[];
}

/** One system's line of a paired bootstrap test, as sacreBLEU's `Result`. */
export interface BootstrapScore {
  name: string;
  /** The metric on the whole test set. */
  score: number;
  /** Mean of the metric over the resamples (sacreBLEU's "true mean" estimate). */
  mean: number;
  /** Half-width of the 95 % confidence interval of the mean: `mean ± ci`. */
  ci: number;
  /**
   * Probability of a difference to the baseline at least this large under
   * the null hypothesis (no difference); null for the baseline itself.
   */
  pValue: number | null;
}

/** A system given by its per-segment statistics (`CorpusMetric.segmentStatistics`). */
export interface SystemStatistics {
  name: string;
  statistics: readonly (readonly number[])[];
}

/**
 * Paired bootstrap resampling (Koehn 2004) with sacreBLEU's `--paired-bs`
 * semantics. `systems[0]` is the baseline; every system is scored on the
 * same resamples of the test segments. Per system: the score, the mean of
 * the resampled scores with the half-width of their 95 % interval (sorted
 * resampled scores at positions ⌊n/40⌋ and n − ⌊n/40⌋ − 1), and the
 * p-value of its difference to the baseline: with d_r = |sys_r − base_r|,
 * p = (#{r : d_r − mean(d) > |sys − base|} + 1) / (n + 1).
 */
export function pairedBootstrap(
  metric: CorpusMetric,
  systems: readonly { name: string; hypotheses: readonly string[] }[],
  references: ReferenceStreams,
  options: PairedBootstrapOptions = {},
): BootstrapScore[] {
  return pairedBootstrapFromStatistics(
    metric,
    systems.map(({ name, hypotheses }) => ({
      name,
      statistics: metric.segmentStatistics(hypotheses, references),
    })),
    options,
  );
}

/**
 * `pairedBootstrap` on statistics computed beforehand: a segment's row may
 * be any sum of `segmentStatistics` rows, e.g. one test sentence's rows
 * summed over several training seeds, which resamples sentences while every
 * seed's translation of a sentence stays in the corpus.
 */
export function pairedBootstrapFromStatistics(
  metric: Pick<CorpusMetric, 'score'>,
  systems: readonly SystemStatistics[],
  options: PairedBootstrapOptions = {},
): BootstrapScore[] {
  const [baseline] = systems;
  if (!baseline) {
    throw new MetricsError('pairedBootstrap: systems must hold a baseline and the systems to test');
  }
  const segments = baseline.statistics.length;
  const width = baseline.statistics[0]?.length ?? 0;
  for (const system of systems) {
    if (system.statistics.length !== segments || segments === 0) {
      throw new MetricsError(
        `pairedBootstrap: every system must have statistics for the same non-zero number of segments (${segments}, the baseline's). Received: ${system.statistics.length} for '${system.name}'`,
      );
    }
  }
  const indices =
    options.indices ??
    bootstrapIndices(segments, options.samples ?? 1000, options.seed ?? DEFAULT_BOOTSTRAP_SEED);
  indices.forEach((resample, r) => {
    if (resample.length !== segments) {
      throw new MetricsError(
        `pairedBootstrap: each resample must hold ${segments} segment indices. Received: indices[${r}].length=${resample.length}`,
      );
    }
    for (const index of resample) {
      if (!Number.isInteger(index) || index < 0 || index >= segments) {
        throw new MetricsError(
          `pairedBootstrap: resample indices must be integers in [0, ${segments}). Received: ${index} in indices[${r}]`,
        );
      }
    }
  });
  const score = (statistics: readonly (readonly number[])[], selection: readonly number[]) => {
    const sums = new Array<number>(width).fill(0);
    for (const i of selection) {
      const row = statistics[i] as readonly number[];
      for (let k = 0; k < width; k++) sums[k] = (sums[k] as number) + (row[k] as number);
    }
    return metric.score(sums);
  };
  const everySegment = Array.from({ length: segments }, (_, i) => i);
  const baselineScore = score(baseline.statistics, everySegment);
  const baselineResampled = indices.map((resample) => score(baseline.statistics, resample));
  return systems.map((system, s) => {
    if (s === 0) {
      return {
        name: system.name,
        score: baselineScore,
        ...meanAndInterval(baselineResampled),
        pValue: null,
      };
    }
    const systemScore = score(system.statistics, everySegment);
    const resampled = indices.map((resample) => score(system.statistics, resample));
    return {
      name: system.name,
      score: systemScore,
      ...meanAndInterval(resampled),
      pValue: pValue(resampled, baselineResampled, Math.abs(systemScore - baselineScore)),
    };
  });
}

/** sacreBLEU's `estimate_ci`: the mean and half the width of the central 95 % of the scores. */
function meanAndInterval(scores: readonly number[]): { mean: number; ci: number } {
  const sorted = [...scores].sort((a, b) => a - b);
  const n = sorted.length;
  const lowerIndex = Math.floor(n / 40);
  const upperIndex = n - lowerIndex - 1;
  const mean = sorted.reduce((sum, x) => sum + x, 0) / n;
  return { mean, ci: 0.5 * ((sorted[upperIndex] as number) - (sorted[lowerIndex] as number)) };
}

/**
 * sacreBLEU's `_compute_p_value` on paired bootstrap samples: the resampled
 * absolute differences, shifted to mean zero (the null hypothesis), exceed
 * the observed difference in c of n resamples; p = (c + 1) / (n + 1).
 */
function pValue(
  system: readonly number[],
  baseline: readonly number[],
  observedDifference: number,
): number {
  const differences = system.map((x, r) => Math.abs(x - (baseline[r] as number)));
  const meanDifference = differences.reduce((sum, d) => sum + d, 0) / differences.length;
  const exceeding = differences.filter((d) => d - meanDifference > observedDifference).length;
  return (exceeding + 1) / (differences.length + 1);
}
