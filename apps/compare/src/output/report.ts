import type { AttentionHeatmap, Curve, MetricsRow, ReportChart, ReportInput } from '@heed/viz';
import type { Comparison } from '../run/comparison';
import { attentionChart, bleuByLengthChart, significanceChart } from './charts';
import { formatMeanSd, formatNumber } from './markdown-tables';

/**
 * The HTML report of a comparison: the metrics table (mean ± sd over the
 * seeds, the paired bootstrap against the baseline with p-values and 95 %
 * intervals, attention entropy and alignment error rate); training and
 * validation loss of every run on one chart each; BLEU by source length of
 * every model; the bootstrap intervals; each heat-map sentence's attention
 * for all models side by side (first seed; plus each map on its own, with
 * token labels); and the exact settings, seeds and model configs.
 */
export function reportInput(comparison: Comparison): ReportInput {
  const { results, summaries } = comparison;
  const beam = comparison.settings.beam;
  const seeds = comparison.seeds.seeds;
  const pValue = (p: number | null) => (p === null ? 'baseline' : round(p, 4));
  const metrics: MetricsRow[] = summaries.map((model) => ({
    model: model.name,
    architecture: model.description,
    parameters: model.parameters,
    seeds: model.seeds.join(', '),
    steps: formatMeanSd(model.steps, 0),
    'train s': formatMeanSd(model.trainSeconds, 1),
    'tokens/s': Math.round(model.tokensPerSecond.mean),
    'valid loss': formatMeanSd(model.validLoss, 4),
    'valid ppl': formatMeanSd(model.validPerplexity, 2),
    'BLEU greedy': formatMeanSd(model.bleu.greedy, 2),
    'BLEU greedy, bootstrap mean ± 95 % CI': `${formatNumber(model.significance.greedy.mean, 2)} ± ${formatNumber(model.significance.greedy.ci, 2)}`,
    [`p greedy vs ${comparison.baseline}`]: pValue(model.significance.greedy.pValue),
    [`BLEU beam ${beam}`]: formatMeanSd(model.bleu.beam, 2),
    [`BLEU beam ${beam}, bootstrap mean ± 95 % CI`]: `${formatNumber(model.significance.beam.mean, 2)} ± ${formatNumber(model.significance.beam.ci, 2)}`,
    [`p beam vs ${comparison.baseline}`]: pValue(model.significance.beam.pValue),
    'chrF greedy': formatMeanSd(model.chrf.greedy, 2),
    [`chrF beam ${beam}`]: formatMeanSd(model.chrf.beam, 2),
    'attention entropy (nats)': formatMeanSd(model.entropy, 3),
    'entropy / ln S': formatMeanSd(model.normalizedEntropy, 3),
    AER: formatMeanSd(model.aer, 3),
    'ms/sent greedy': round(model.msPerSentence.greedy.mean, 1),
    [`ms/sent beam ${beam}`]: round(model.msPerSentence.beam.mean, 1),
  }));
  const runName = (result: (typeof results)[number]) =>
    seeds.length > 1 ? `${result.name} seed ${result.seed}` : result.name;
  const curves: Curve[] = results.flatMap((result) => [
    { name: runName(result), chart: 'Training loss', points: result.training.trainLoss },
    { name: runName(result), chart: 'Validation loss', points: result.training.validLoss },
  ]);
  // Heat maps of the first seed's models.
  const firstSeed = results.filter((result) => result.seed === seeds[0]);
  const sentences = [
    ...new Set(firstSeed.flatMap((result) => result.attention.map((map) => map.sentence))),
  ];
  const charts: ReportChart[] = [
    bleuByLengthChart(summaries, 'greedy', beam),
    bleuByLengthChart(summaries, 'beam', beam),
    significanceChart(summaries, comparison.significanceLevel, beam),
    ...sentences
      .map((sentence) => attentionChart(firstSeed, sentence))
      .filter((chart): chart is ReportChart => chart !== undefined),
  ];
  const heatmaps: AttentionHeatmap[] = sentences.flatMap((sentence) =>
    firstSeed.flatMap((result) =>
      result.attention
        .filter((map) => map.sentence === sentence)
        .map((map) => ({
          title: `sentence ${sentence + 1}, ${result.name}: ${map.source}`,
          sourceTokens: map.sourceTokens,
          targetTokens: map.targetTokens,
          weights: map.weights,
        })),
    ),
  );
  return {
    title: `heed-compare: ${comparison.data.source}`,
    metrics,
    curves,
    charts,
    heatmaps,
    config: {
      command: comparison.command,
      backend: comparison.backend,
      seeds: comparison.seeds,
      baseline: comparison.baseline,
      significanceLevel: comparison.significanceLevel,
      data: comparison.data,
      settings: comparison.settings,
      transformerSizing: comparison.transformerSizing,
      models: firstSeed.map((result) => ({
        name: result.name,
        description: result.description,
        parameters: result.parameters,
        config: result.spec,
      })),
    },
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
