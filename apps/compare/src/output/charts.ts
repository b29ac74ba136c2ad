import type { ReportChart } from '@heed/viz';
import type { ModelResult } from '../run/model-result';
import type { ModelSummary } from '../run/summarize';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * BLEU by source-length bucket, one line per model (Bahdanau et al. 2014,
 * Fig. 2): a fixed-vector model decays on long sentences, attention does not.
 * Each point is the mean over the seeds; with several seeds, a band shows
 * ± one standard deviation.
 */
export function bleuByLengthChart(
  summaries: readonly ModelSummary[],
  method: 'greedy' | 'beam',
  beamSize: number,
): ReportChart {
  const values = summaries.flatMap((model) =>
    model.buckets.map((bucket, order) => {
      const bleu = method === 'greedy' ? bucket.greedyBleu : bucket.beamBleu;
      return {
        model: model.name,
        bucket: `${bucket.label} (${bucket.sentences})`,
        order,
        bleu: bleu?.mean ?? null,
        low: bleu ? bleu.mean - bleu.sd : null,
        high: bleu ? bleu.mean + bleu.sd : null,
        sentences: bucket.sentences,
      };
    }),
  );
  const seeds = summaries[0]?.seeds.length ?? 1;
  const x = {
    field: 'bucket',
    type: 'ordinal',
    sort: { field: 'order' },
    title: 'source length',
    axis: { labelAngle: 0 },
  };
  const color = {
    field: 'model',
    type: 'nominal',
    sort: summaries.map((model) => model.name),
    title: null,
  };
  const line = {
    mark: { type: 'line', point: true, tooltip: true },
    encoding: { x, y: { field: 'bleu', type: 'quantitative', title: 'BLEU' }, color },
  };
  const band = {
    mark: { type: 'area', opacity: 0.15 },
    encoding: {
      x,
      y: { field: 'low', type: 'quantitative' },
      y2: { field: 'high' },
      color,
    },
  };
  return {
    title: `BLEU by source length (${method === 'greedy' ? 'greedy' : `beam ${beamSize}`}; tokens, sentences in brackets${seeds > 1 ? `; mean ± sd over ${seeds} seeds` : ''})`,
    spec: {
      $schema: SCHEMA,
      width: 'container',
      height: 300,
      data: { values },
      layer: seeds > 1 ? [band, line] : [line],
    },
  };
}

/**
 * Each model's BLEU by paired bootstrap against the baseline: the resampled
 * mean with its 95 % interval, greedy and beam side by side; models whose
 * difference to the baseline is significant are drawn filled.
 */
export function significanceChart(
  summaries: readonly ModelSummary[],
  level: number,
  beamSize: number,
): ReportChart {
  const values = summaries.flatMap((model) =>
    (['greedy', 'beam'] as const).map((method) => {
      const significance = model.significance[method];
      return {
        model: model.name,
        method: method === 'greedy' ? 'greedy' : `beam ${beamSize}`,
        mean: significance.mean,
        low: significance.mean - significance.ci,
        high: significance.mean + significance.ci,
        p: significance.pValue,
        significant:
          significance.pValue === null
            ? 'baseline'
            : significance.pValue < level
              ? `p < ${level}`
              : `p ≥ ${level}`,
      };
    }),
  );
  const baseline = summaries.find((model) => model.significance.greedy.pValue === null)?.name;
  const y = {
    field: 'model',
    type: 'nominal',
    sort: summaries.map((model) => model.name),
    title: null,
  };
  return {
    title: `BLEU with its 95 % bootstrap interval, against ${baseline ?? 'the baseline'} (paired bootstrap)`,
    spec: {
      $schema: SCHEMA,
      data: { values },
      facet: { column: { field: 'method', type: 'nominal', title: null } },
      spec: {
        width: 260,
        layer: [
          {
            mark: { type: 'rule' },
            encoding: {
              y,
              x: { field: 'low', type: 'quantitative', title: 'BLEU' },
              x2: { field: 'high' },
            },
          },
          {
            mark: { type: 'point', size: 60, tooltip: true },
            encoding: {
              y,
              x: { field: 'mean', type: 'quantitative' },
              shape: { field: 'significant', type: 'nominal', title: null },
              fill: { field: 'significant', type: 'nominal', title: null },
            },
          },
        ],
      },
    },
  };
}

/**
 * One test sentence's attention for every model side by side: one heat map
 * per model (a wrapped concat, so each keeps its own translation on the y
 * axis), sharing the colour scale. Tokens are keyed by position (`007 the`),
 * so repeated words stay apart.
 */
export function attentionChart(
  results: readonly ModelResult[],
  sentence: number,
): ReportChart | undefined {
  const maps = results.flatMap((result) =>
    result.attention
      .filter((map) => map.sentence === sentence)
      .map((map) => ({ model: result.name, map })),
  );
  const first = maps[0]?.map;
  if (!first) return undefined;
  const key = (index: number, token: string) => `${String(index).padStart(3, '0')} ${token}`;
  const values = maps.flatMap(({ model, map }) =>
    map.weights.flatMap((row, t) =>
      row.map((weight, s) => ({
        model,
        source: key(s, map.sourceTokens[s] ?? ''),
        target: key(t, map.targetTokens[t] ?? ''),
        weight,
      })),
    ),
  );
  const label = 'substring(datum.label, 4)';
  return {
    title: `Attention on test sentence ${sentence + 1}: “${first.source}”`,
    spec: {
      $schema: SCHEMA,
      data: { values },
      columns: 4,
      concat: maps.map(({ model }) => ({
        title: model,
        transform: [{ filter: { field: 'model', equal: model } }],
        width: { step: 13 },
        height: { step: 13 },
        mark: { type: 'rect', tooltip: true },
        encoding: {
          x: {
            field: 'source',
            type: 'ordinal',
            sort: 'ascending',
            title: null,
            axis: { labelExpr: label, labelAngle: -60, labelOverlap: false },
          },
          y: {
            field: 'target',
            type: 'ordinal',
            sort: 'ascending',
            title: null,
            axis: { labelExpr: label, labelOverlap: false },
          },
          color: {
            field: 'weight',
            type: 'quantitative',
            scale: { scheme: 'blues', domain: [0, 1] },
            title: 'weight',
          },
        },
      })),
    },
  };
}
