import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import type { ModelResult } from '../run/model-result';
import { type ModelSummary, meanSd } from '../run/summarize';
import { attentionChart, bleuByLengthChart, significanceChart } from './charts';

/** A result with only what the charts read. */
function result(name: string, bleu: number[], targetTokens: string[]): ModelResult {
  const labels = ['1–10', '11–20', '21+'];
  return {
    name,
    test: {
      beam: { beamSize: 5 },
      buckets: bleu.map((value, i) => ({
        label: labels[i],
        sentences: 4,
        greedyBleu: value,
        beamBleu: value + 1,
      })),
    },
    attention: [
      {
        sentence: 2,
        source: 'the red house',
        sourceTokens: ['the', 'red', 'house', '</s>'],
        targetTokens,
        weights: targetTokens.map((_, t) => [0, 1, 2, 3].map((s) => (s === t ? 1 : 0))),
      },
    ],
  } as unknown as ModelResult;
}

/** A summary with only what the charts read; two seeds per model. */
function summary(name: string, bleu: number[], pValue: number | null): ModelSummary {
  const labels = ['1–10', '11–20', '21+'];
  const significance = { baseline: 'additive', score: 30, mean: 29.5, ci: 2, pValue };
  return {
    name,
    seeds: [0, 1],
    buckets: bleu.map((value, i) => ({
      label: labels[i],
      sentences: 4,
      greedyBleu: meanSd([value, value + 2]),
      beamBleu: meanSd([value + 1, value + 1]),
    })),
    significance: { greedy: significance, beam: significance },
  } as unknown as ModelSummary;
}

/** Compiles a Vega-Lite spec and renders it headless, as the report's page does. */
async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const errors: unknown[] = [];
  const view = new vega.View(vega.parse(compile(spec as unknown as TopLevelSpec).spec), {
    renderer: 'none',
  });
  view.logger({
    ...view.logger(),
    error: (...args: unknown[]) => {
      errors.push(args);
      return view.logger();
    },
  } as vega.LoggerInterface);
  const svg = await view.toSVG();
  view.finalize();
  expect(errors).toEqual([]);
  return svg;
}

describe('report charts', () => {
  const results = [
    result('additive', [30, 25, 20], ['la', 'casa', 'roja', '</s>']),
    result('transformer', [35, 30, 28], ['la', 'casa', '</s>']),
  ];

  const summaries = [
    summary('additive', [30, 25, 20], null),
    summary('transformer', [35, 30, 28], 0.01),
  ];

  it('draws BLEU by length with one line per model, buckets in order, and the sd band', async () => {
    const chart = bleuByLengthChart(summaries, 'beam', 5);
    expect(chart.title).toMatch(/^BLEU by source length \(beam 5.*mean ± sd over 2 seeds\)$/);
    expect(chart.spec.layer).toHaveLength(2);
    const svg = await renderSvg(chart.spec);
    for (const label of ['1–10 (4)', '11–20 (4)', '21+ (4)', 'additive', 'transformer']) {
      expect(svg).toContain(`>${label}<`);
    }
  });

  it('draws the bootstrap intervals, greedy and beam, marking the significant models', async () => {
    const chart = significanceChart(summaries, 0.05, 5);
    expect(chart.title).toContain('against additive');
    const svg = await renderSvg(chart.spec);
    for (const label of [
      'greedy',
      'beam 5',
      'additive',
      'transformer',
      'baseline',
      'p &lt; 0.05',
    ]) {
      expect(svg, label).toContain(`>${label}<`);
    }
  });

  it('draws every model’s attention on the sentence side by side, with its own translation', async () => {
    const chart = attentionChart(results, 2);
    expect(chart?.title).toBe('Attention on test sentence 3: “the red house”');
    const svg = await renderSvg(chart?.spec ?? {});
    // One cell per target × source token: 4×4 for additive, 3×4 for the transformer.
    expect(svg.match(/aria-roledescription="rect mark"/g)).toHaveLength(28);
    for (const label of ['additive', 'transformer', 'roja', 'house']) {
      expect(svg).toContain(`>${label}<`);
    }
    expect(attentionChart(results, 7)).toBeUndefined();
  });
});
