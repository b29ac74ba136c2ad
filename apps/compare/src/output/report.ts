import type { AttentionHeatmap, Curve, MetricsRow, ReportChart, ReportInput } from '@heed/viz';
import type { Comparison } from '../run/comparison';
import { attentionChart, bleuByLengthChart } from './charts';

/**
 * The HTML report of a comparison: the metrics table; training and
 * validation loss of every model on one chart each; BLEU by source length;
 * each heat-map sentence's attention for all models side by side (plus each
 * map on its own, with token labels); and the exact settings, seeds and
 * model configs.
 */
export function reportInput(comparison: Comparison): ReportInput {
  const { results } = comparison;
  const beam = comparison.settings.beam;
  const metrics: MetricsRow[] = results.map((result) => ({
    model: result.name,
    architecture: result.description,
    parameters: result.parameters,
    steps: result.training.steps,
    'train s': round(result.training.seconds, 1),
    'tokens/s': Math.round(result.training.tokensPerSecond),
    'valid loss': result.validation?.loss ?? null,
    'valid ppl': result.validation?.perplexity ?? null,
    'BLEU greedy': round(result.test.greedy.bleu, 2),
    [`BLEU beam ${beam}`]: round(result.test.beam.bleu, 2),
    'chrF greedy': round(result.test.greedy.chrf, 2),
    [`chrF beam ${beam}`]: round(result.test.beam.chrf, 2),
    'ms/sent greedy': round(result.test.greedy.msPerSentence, 1),
    [`ms/sent beam ${beam}`]: round(result.test.beam.msPerSentence, 1),
  }));
  const curves: Curve[] = results.flatMap((result) => [
    { name: result.name, chart: 'Training loss', points: result.training.trainLoss },
    { name: result.name, chart: 'Validation loss', points: result.training.validLoss },
  ]);
  const sentences = [
    ...new Set(results.flatMap((result) => result.attention.map((map) => map.sentence))),
  ];
  const charts: ReportChart[] = [
    bleuByLengthChart(results, 'greedy'),
    bleuByLengthChart(results, 'beam'),
    ...sentences
      .map((sentence) => attentionChart(results, sentence))
      .filter((chart): chart is ReportChart => chart !== undefined),
  ];
  const heatmaps: AttentionHeatmap[] = sentences.flatMap((sentence) =>
    results.flatMap((result) =>
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
      data: comparison.data,
      settings: comparison.settings,
      transformerSizing: comparison.transformerSizing,
      models: results.map((result) => ({
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
