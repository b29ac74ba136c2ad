import type { ReportChart } from '@heed/viz';
import type { ModelResult } from '../run/model-result';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * BLEU by source-length bucket, one line per model (Bahdanau et al. 2014,
 * Fig. 2): a fixed-vector model decays on long sentences, attention does not.
 */
export function bleuByLengthChart(
  results: readonly ModelResult[],
  method: 'greedy' | 'beam',
): ReportChart {
  const values = results.flatMap((result) =>
    result.test.buckets.map((bucket, order) => ({
      model: result.name,
      bucket: `${bucket.label} (${bucket.sentences})`,
      order,
      bleu: method === 'greedy' ? bucket.greedyBleu : bucket.beamBleu,
      sentences: bucket.sentences,
    })),
  );
  const beam = results[0]?.test.beam.beamSize ?? 5;
  return {
    title: `BLEU by source length (${method === 'greedy' ? 'greedy' : `beam ${beam}`}; tokens, sentences in brackets)`,
    spec: {
      $schema: SCHEMA,
      width: 'container',
      height: 300,
      data: { values },
      mark: { type: 'line', point: true, tooltip: true },
      encoding: {
        x: {
          field: 'bucket',
          type: 'ordinal',
          sort: { field: 'order' },
          title: 'source length',
          axis: { labelAngle: 0 },
        },
        y: { field: 'bleu', type: 'quantitative', title: 'BLEU' },
        color: {
          field: 'model',
          type: 'nominal',
          sort: results.map((result) => result.name),
          title: null,
        },
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
