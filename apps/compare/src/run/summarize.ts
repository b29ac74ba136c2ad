import { bleuMetric, pairedBootstrapFromStatistics } from '@heed/metrics';
import { CompareError } from '../errors';
import type { ModelName } from '../models/model-names';
import type { ModelResult } from './model-result';

/** A measurement over the seeds of one model. */
export interface MeanSd {
  mean: number;
  /** Sample standard deviation (n − 1 in the denominator); 0 for one seed. */
  sd: number;
  /** One value per seed, in seed order. */
  values: number[];
}

/** A model's BLEU against the baseline's, by paired bootstrap resampling. */
export interface Significance {
  /** The model compared with. */
  baseline: ModelName;
  /** BLEU of every seed's test translations together (n·N segments for n seeds, N sentences). */
  score: number;
  /** Mean of the resampled BLEU, and the half-width of its 95 % interval: `mean ± ci`. */
  mean: number;
  ci: number;
  /** p-value of the difference to the baseline; null for the baseline itself. */
  pValue: number | null;
}

/** BLEU of one source-length bucket over the seeds. */
export interface BucketSummary {
  label: string;
  min: number;
  max: number | null;
  sentences: number;
  /** Null when the bucket holds no sentence. */
  greedyBleu: MeanSd | null;
  beamBleu: MeanSd | null;
}

/** Everything measured for one model, over its seeds. */
export interface ModelSummary {
  name: ModelName;
  description: string;
  parameters: number;
  seeds: number[];
  steps: MeanSd;
  trainSeconds: MeanSd;
  tokensPerSecond: MeanSd;
  /** Null without a validation set. */
  validLoss: MeanSd | null;
  validPerplexity: MeanSd | null;
  bleu: { greedy: MeanSd; beam: MeanSd };
  chrf: { greedy: MeanSd; beam: MeanSd };
  msPerSentence: { greedy: MeanSd; beam: MeanSd };
  /** Mean attention entropy per target token (nats), and divided by ln S; null for `none`. */
  entropy: MeanSd | null;
  normalizedEntropy: MeanSd | null;
  /** Alignment error rate; null without a known alignment. */
  aer: MeanSd | null;
  buckets: BucketSummary[];
  /** Paired bootstrap against the baseline, greedy and beam translations. */
  significance: { greedy: Significance; beam: Significance };
}

/** A p-value under this marks a difference to the baseline as significant. */
export const SIGNIFICANCE_LEVEL = 0.05;

/** Mean and sample standard deviation. */
export function meanSd(values: readonly number[]): MeanSd {
  const mean = values.reduce((sum, x) => sum + x, 0) / values.length;
  const squares = values.reduce((sum, x) => sum + (x - mean) ** 2, 0);
  const sd = values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : 0;
  return { mean, sd, values: [...values] };
}

/** `meanSd` of a measurement every run has, or null when any run lacks it. */
function optionalMeanSd(values: readonly (number | null | undefined)[]): MeanSd | null {
  return values.every((value): value is number => typeof value === 'number')
    ? meanSd(values)
    : null;
}

/** Options of `summarizeModels`. */
export interface SummarizeOptions {
  /** The model every other is tested against. */
  baseline: ModelName;
  /** The test references, one per test sentence. */
  references: readonly string[];
  /** Bootstrap resamples. */
  samples: number;
}

/**
 * Groups the runs by model (in the order they first appear) and reports
 * each measurement as mean ± sd over the seeds, and each model's greedy and
 * beam BLEU against the baseline's by paired bootstrap resampling
 * (sacreBLEU's `--paired-bs`, `@heed/metrics`): a resample draws N test
 * sentences with replacement, and a sentence brings every seed's
 * translation of it, so the test covers the test-set variation with the
 * seeds pooled. Every model must have run with the baseline's seeds.
 */
export function summarizeModels(
  results: readonly ModelResult[],
  options: SummarizeOptions,
): ModelSummary[] {
  const names = [...new Set(results.map((result) => result.name))];
  const runs = new Map(
    names.map((name) => [
      name,
      results.filter((result) => result.name === name).sort((a, b) => a.seed - b.seed),
    ]),
  );
  const baselineRuns = runs.get(options.baseline);
  if (!baselineRuns) {
    throw new CompareError(
      `--baseline: '${options.baseline}' is not among the models of this run (${names.join(', ')})`,
    );
  }
  const seeds = baselineRuns.map((run) => run.seed);
  for (const [name, modelRuns] of runs) {
    const modelSeeds = modelRuns.map((run) => run.seed);
    if (JSON.stringify(modelSeeds) !== JSON.stringify(seeds)) {
      throw new CompareError(
        `model '${name}' ran with seeds ${modelSeeds.join(', ')}, the baseline '${options.baseline}' with ${seeds.join(', ')}; every model needs the same seeds`,
      );
    }
  }
  const significance = (method: 'greedy' | 'beam') => {
    const metric = bleuMetric();
    const pooled = (modelRuns: readonly ModelResult[]) => {
      const perSeed = modelRuns.map((run) =>
        metric.segmentStatistics(run.test.translations[method], [options.references]),
      );
      // One row per test sentence: its statistics summed over the seeds.
      return (perSeed[0] ?? []).map((_, i) =>
        perSeed.reduce(
          (sum, rows) => sum.map((x, k) => x + (rows[i]?.[k] ?? 0)),
          new Array<number>(perSeed[0]?.[i]?.length ?? 0).fill(0),
        ),
      );
    };
    const ordered = [options.baseline, ...names.filter((name) => name !== options.baseline)];
    const scores = pairedBootstrapFromStatistics(
      metric,
      ordered.map((name) => ({ name, statistics: pooled(runs.get(name) ?? []) })),
      { samples: options.samples },
    );
    return new Map(
      scores.map((score) => [
        score.name as ModelName,
        {
          baseline: options.baseline,
          score: score.score,
          mean: score.mean,
          ci: score.ci,
          pValue: score.pValue,
        },
      ]),
    );
  };
  const greedy = significance('greedy');
  const beam = significance('beam');

  return names.map((name) => {
    const modelRuns = runs.get(name) ?? [];
    const [first] = modelRuns as [ModelResult];
    const each = <T>(pick: (run: ModelResult) => T) => modelRuns.map(pick);
    return {
      name,
      description: first.description,
      parameters: first.parameters,
      seeds: each((run) => run.seed),
      steps: meanSd(each((run) => run.training.steps)),
      trainSeconds: meanSd(each((run) => run.training.seconds)),
      tokensPerSecond: meanSd(each((run) => run.training.tokensPerSecond)),
      validLoss: optionalMeanSd(each((run) => run.validation?.loss)),
      validPerplexity: optionalMeanSd(each((run) => run.validation?.perplexity)),
      bleu: {
        greedy: meanSd(each((run) => run.test.greedy.bleu)),
        beam: meanSd(each((run) => run.test.beam.bleu)),
      },
      chrf: {
        greedy: meanSd(each((run) => run.test.greedy.chrf)),
        beam: meanSd(each((run) => run.test.beam.chrf)),
      },
      msPerSentence: {
        greedy: meanSd(each((run) => run.test.greedy.msPerSentence)),
        beam: meanSd(each((run) => run.test.beam.msPerSentence)),
      },
      entropy: optionalMeanSd(each((run) => run.attentionQuality?.sharpness.entropy)),
      normalizedEntropy: optionalMeanSd(
        each((run) => run.attentionQuality?.sharpness.normalizedEntropy),
      ),
      aer: optionalMeanSd(each((run) => run.attentionQuality?.alignment?.aer)),
      buckets: first.test.buckets.map((bucket, b) => ({
        label: bucket.label,
        min: bucket.min,
        max: bucket.max,
        sentences: bucket.sentences,
        greedyBleu: optionalMeanSd(each((run) => run.test.buckets[b]?.greedyBleu)),
        beamBleu: optionalMeanSd(each((run) => run.test.buckets[b]?.beamBleu)),
      })),
      significance: {
        greedy: greedy.get(name) as Significance,
        beam: beam.get(name) as Significance,
      },
    };
  });
}
