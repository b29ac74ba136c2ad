import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../src/run/comparison';
import type { ModelResult } from '../src/run/model-result';
import { type CliRun, runCli } from './cli-process';

const root = mkdtempSync(join(tmpdir(), 'heed-compare-cli-'));

/**
 * The quick preset shrunk to seconds on the cpu backend: a char-level model
 * of 120 dates, two models, three updates each.
 */
const MICRO = [
  '--preset',
  'quick',
  '--data',
  'builtin:dates',
  '--tokenizer',
  'char',
  '--corpus-size',
  '120',
  '--valid-share',
  '10',
  '--test-share',
  '12',
  '--models',
  'none,additive',
  '--steps',
  '3',
  '--eval-every',
  '2',
  '--embed',
  '8',
  '--hidden',
  '12',
  '--batch-tokens',
  '256',
  '--buckets',
  '10,20',
  '--heatmap-sentences',
  '1',
  '--beam',
  '2',
  '--backend',
  'cpu',
  '--progress',
  'lines',
];

const first = join(root, 'first');
const second = join(root, 'second');
let runs: CliRun[];

function readComparison(directory: string): Comparison {
  return JSON.parse(readFileSync(join(directory, 'results.json'), 'utf8')) as Comparison;
}

/** A result without what depends on the clock. */
function withoutTimings(result: ModelResult): unknown {
  const { finishedAt: _, training, test, ...rest } = result;
  const { seconds: __, tokensPerSecond: ___, ...trainingRest } = training;
  return {
    ...rest,
    training: trainingRest,
    test: {
      ...test,
      greedy: { ...test.greedy, msPerSentence: 0 },
      beam: { ...test.beam, msPerSentence: 0 },
    },
  };
}

beforeAll(async () => {
  runs = [await runCli([...MICRO, '--out', first]), await runCli([...MICRO, '--out', second])];
});

describe('heed-compare', () => {
  it('prints the comparison table and the BLEU-by-length table', () => {
    const [run] = runs;
    expect(run?.code, run?.stderr).toBe(0);
    const lines = run?.stdout.split('\n') ?? [];
    expect(lines).toContain('### Models (12 test sentences)');
    const header = lines.find((line) => line.startsWith('| model ') && line.includes('parameters'));
    expect(header?.split('|').map((cell) => cell.trim())).toEqual([
      '',
      'model',
      'parameters',
      'train s',
      'tokens/s',
      'valid loss',
      'valid ppl',
      'BLEU greedy',
      'BLEU beam 2',
      'chrF greedy',
      'chrF beam 2',
      'ms/sent greedy',
      'ms/sent beam 2',
      '',
    ]);
    for (const model of ['none', 'additive']) {
      expect(lines.filter((line) => line.startsWith(`| ${model} `))).toHaveLength(2);
    }
    expect(
      lines.some((line) =>
        /^\| model +\| 1–10 \(\d+\) \| 11–20 \(\d+\) \| 21\+ \(\d+\) \|$/.test(line),
      ),
    ).toBe(true);
    expect(run?.stderr).toMatch(/\[1\/2\] none: .*\n[\s\S]*\[2\/2\] additive: /);
  });

  it('writes results, per-model results, the table and the report', () => {
    const comparison = readComparison(first);
    expect(comparison.results.map((result) => result.name)).toEqual(['none', 'additive']);
    expect(comparison.seeds).toEqual({ seed: 0, data: 0 });
    expect(comparison.data).toMatchObject({ source: 'builtin:dates', valid: 10, test: 12 });
    for (const result of comparison.results) {
      expect(result.parameters).toBeGreaterThan(0);
      expect(result.training.steps).toBe(3);
      expect(result.training.tokens).toBeGreaterThan(0);
      expect(result.training.validLoss.map((point) => point.step)).toEqual([2]);
      expect(Number.isFinite(result.validation?.perplexity)).toBe(true);
      expect(result.test.buckets.map((bucket) => bucket.label)).toEqual(['1–10', '11–20', '21+']);
      expect(result.test.buckets.reduce((sum, bucket) => sum + bucket.sentences, 0)).toBe(12);
      expect(existsSync(join(first, 'results', `${result.name}.json`))).toBe(true);
      expect(existsSync(join(first, 'models', result.name, 'last', 'weights.safetensors'))).toBe(
        true,
      );
    }
    const [none, additive] = comparison.results;
    expect(none?.attention).toEqual([]);
    expect(additive?.attention).toHaveLength(1);
    const map = additive?.attention[0];
    expect(map?.weights).toHaveLength(map?.targetTokens.length ?? -1);
    expect(map?.weights[0]).toHaveLength(map?.sourceTokens.length ?? -1);
    expect(readFileSync(join(first, 'table.md'), 'utf8')).toBe(runs[0]?.stdout);
  });

  it('builds the report: table, curves, BLEU by length, side-by-side attention, configuration', () => {
    const html = readFileSync(join(first, 'report.html'), 'utf8');
    // Checked as booleans: a failure must not print the 800 KB page.
    const has = (text: string | RegExp) =>
      typeof text === 'string' ? html.includes(text) : text.test(html);
    for (const section of ['metrics', 'charts', 'heatmaps', 'config']) {
      expect(has(`<section id="${section}">`), section).toBe(true);
    }
    const captions = [...html.matchAll(/<figcaption>([^<(]*)/g)].map((match) => match[1]?.trim());
    expect(captions).toEqual([
      'Training loss',
      'Validation loss',
      'BLEU by source length',
      'BLEU by source length',
      expect.stringMatching(/^Attention on test sentence \d+: “.+”$/),
    ]);
    expect(html.match(/<div class="heatmap" data-index=/g)).toHaveLength(1);
    expect(has(/<title>sentence \d+, additive: /), 'heat map title').toBe(true);
    expect(has('&quot;seed&quot;: 0'), 'seed in the configuration').toBe(true);
    expect(has('&quot;transformerSizing&quot;'), 'sizing in the configuration').toBe(true);
  });

  it('reproduces every metric but the timings with the same seed', () => {
    expect(runs[1]?.code, runs[1]?.stderr).toBe(0);
    const a = readComparison(first).results.map(withoutTimings);
    const b = readComparison(second).results.map(withoutTimings);
    expect(b).toEqual(a);
  });

  it('keeps finished models on a rerun, and refuses other settings in the same directory', async () => {
    const rerun = await runCli([...MICRO, '--out', first]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain('[1/2] none: finished in an earlier run; kept');
    expect(rerun.stderr).toContain('[2/2] additive: finished in an earlier run; kept');
    expect(rerun.stderr).not.toContain('training on');
    expect(rerun.stdout).toBe(runs[0]?.stdout);

    const other = await runCli([...MICRO, '--out', first, '--steps', '4']);
    expect(other.code).toBe(1);
    expect(other.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^heed-compare: error: .* holds a comparison run with other settings \(steps: 3 → 4\)/,
    );
  });
});

describe('heed-compare after an interrupt', () => {
  it('saves the model being trained, exits with 130, and resumes it on a rerun', async () => {
    const out = join(root, 'interrupted');
    const args = [...MICRO, '--models', 'none', '--steps', '12', '--out', out];
    let sent = false;
    const interrupted = await runCli(args, (stderr, stop) => {
      if (!sent && /step 2\/12/.test(stderr)) {
        sent = true;
        stop('SIGINT');
      }
    });
    expect(interrupted.code, interrupted.stderr).toBe(130);
    expect(interrupted.stderr).toMatch(
      /heed-compare: interrupted by SIGINT while training 'none' at step \d+; .* run the same command again to resume/,
    );
    expect(existsSync(join(out, 'models', 'none', 'last', 'config.json'))).toBe(true);
    expect(existsSync(join(out, 'results', 'none.json'))).toBe(false);

    const resumed = await runCli(args);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming at step \d+/);
    expect(readComparison(out).results[0]?.training.steps).toBe(12);
  });

  it('exits with 143 on SIGTERM, after saving', async () => {
    const out = join(root, 'terminated');
    const args = [...MICRO, '--models', 'none', '--steps', '12', '--out', out];
    let sent = false;
    const terminated = await runCli(args, (stderr, stop) => {
      if (!sent && /step 2\/12/.test(stderr)) {
        sent = true;
        stop('SIGTERM');
      }
    });
    expect(terminated.code, terminated.stderr).toBe(143);
    expect(terminated.stderr).toMatch(/heed-compare: interrupted by SIGTERM while training 'none'/);
    expect(existsSync(join(out, 'models', 'none', 'last', 'config.json'))).toBe(true);
  });
});
