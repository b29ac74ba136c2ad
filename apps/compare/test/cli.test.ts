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
 * of 120 dates, two models, four updates each.
 */
const TINY = [
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
  '4',
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

/** TINY with two seeds per model, early stopping, and a small bootstrap. */
const MICRO = [...TINY, '--seeds', '2', '--patience', '1', '--bootstrap-samples', '100'];

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

/** Two runs of two models × two seeds: minutes on a loaded 2-core machine. */
const RUNS_TIMEOUT = 600_000;

beforeAll(async () => {
  runs = await Promise.all([
    runCli([...MICRO, '--out', first]),
    runCli([...MICRO, '--out', second]),
  ]);
}, RUNS_TIMEOUT);

describe('heed-compare', () => {
  it('prints the comparison table, the paired bootstrap and the BLEU-by-length table', () => {
    const [run] = runs;
    expect(run?.code, run?.stderr).toBe(0);
    const lines = run?.stdout.split('\n') ?? [];
    expect(lines).toContain(
      "### Models (12 test sentences; mean ± sd over 2 seeds; * BLEU differs from none's with p < 0.05)",
    );
    expect(lines).toContain(
      '### Paired bootstrap against none (100 resamples of the test sentences, each with its translations by all 2 seeds)',
    );
    const header = lines.find((line) => line.startsWith('| model ') && line.includes('parameters'));
    expect(header?.split('|').map((cell) => cell.trim())).toEqual([
      '',
      'model',
      'parameters',
      'steps',
      'train s',
      'tokens/s',
      'valid loss',
      'BLEU greedy',
      'BLEU beam 2',
      'chrF greedy',
      'chrF beam 2',
      'entropy',
      'AER',
      'ms/sent greedy',
      'ms/sent beam 2',
      '',
    ]);
    const row = (model: string) => lines.filter((line) => line.startsWith(`| ${model} `));
    for (const model of ['none', 'additive']) expect(row(model)).toHaveLength(3);
    // Mean ± sd over the seeds; `none` has no attention, additive's is measured.
    const [noneRow, noneBootstrap] = row('none');
    expect(noneRow).toMatch(/^\| none +\| +[\d,]+ \| +[\d.]+ ± [\d.]+ \|/);
    expect(
      noneRow
        ?.split('|')
        .slice(11, 13)
        .map((cell) => cell.trim()),
    ).toEqual(['–', '–']);
    expect(row('additive')[0]?.split('|')[11]).toMatch(/^ +\d\.\d{3} ± \d\.\d{3} $/);
    expect(row('additive')[0]?.split('|')[12]).toMatch(/^ +0\.\d{3} ± 0\.\d{3} $/);
    expect(noneBootstrap).toMatch(/\| baseline \|/);
    expect(row('additive')[1]).toMatch(/\| +[\d.]+ ± [\d.]+ \| +0\.\d{4}( \*)? \|/);
    expect(
      lines.some((line) =>
        /^\| model +\| 1–10 \(\d+\) \| 11–20 \(\d+\) \| 21\+ \(\d+\) \|$/.test(line),
      ),
    ).toBe(true);
    expect(run?.stderr).toMatch(
      /\[1\/4\] none seed 0: .*\n[\s\S]*\[2\/4\] additive seed 0: [\s\S]*\[4\/4\] additive seed 1: /,
    );
  });

  it('writes every run, the summaries over the seeds, the table and the report', () => {
    const comparison = readComparison(first);
    expect(comparison.results.map((result) => `${result.name} ${result.seed}`)).toEqual([
      'none 0',
      'additive 0',
      'none 1',
      'additive 1',
    ]);
    expect(comparison.seeds).toEqual({ seeds: [0, 1], data: 0 });
    expect(comparison.baseline).toBe('none');
    expect(comparison.data).toMatchObject({ source: 'builtin:dates', valid: 10, test: 12 });
    for (const result of comparison.results) {
      expect(result.parameters).toBeGreaterThan(0);
      expect(result.training.tokens).toBeGreaterThan(0);
      expect(['max-steps', 'early-stopping']).toContain(result.training.stopReason);
      // Early stopping tests the checkpoint of the lowest validation loss.
      const valid = result.training.validLoss;
      const best = valid.reduce((a, b) => (b.value < a.value ? b : a));
      expect(result.training.tested).toEqual({ checkpoint: 'best', step: best.step });
      expect(Number.isFinite(result.validation?.perplexity)).toBe(true);
      expect(result.test.buckets.map((bucket) => bucket.label)).toEqual(['1–10', '11–20', '21+']);
      expect(result.test.buckets.reduce((sum, bucket) => sum + bucket.sentences, 0)).toBe(12);
      expect(result.test.translations.greedy).toHaveLength(12);
      const file = join(first, 'results', result.name, `seed-${result.seed}.json`);
      expect(existsSync(file)).toBe(true);
      const directory = join(first, 'models', result.name, `seed-${result.seed}`);
      expect(existsSync(join(directory, 'last', 'weights.safetensors'))).toBe(true);
    }
    // Different seeds train different models.
    const [none0, additive0, , additive1] = comparison.results;
    expect(additive1?.validation?.loss).not.toBe(additive0?.validation?.loss);
    expect(none0?.attention).toEqual([]);
    expect(none0?.attentionQuality).toBeNull();
    expect(additive0?.attention).toHaveLength(1);
    const map = additive0?.attention[0];
    expect(map?.weights).toHaveLength(map?.targetTokens.length ?? -1);
    expect(map?.weights[0]).toHaveLength(map?.sourceTokens.length ?? -1);
    // Dates with the char tokenizer: sharpness and the alignment error rate.
    const quality = additive0?.attentionQuality;
    expect(quality?.sharpness.tokens).toBe(12 * 11); // 10 ISO characters and EOS per sentence
    expect(quality?.sharpness.entropy).toBeGreaterThan(0);
    expect(quality?.alignment?.predicted).toBe(12 * 8); // the 8 digits of each date
    expect(quality?.alignment?.aer).toBeGreaterThanOrEqual(0);
    expect(quality?.alignment?.aer).toBeLessThanOrEqual(1);

    const [none, additive] = comparison.summaries;
    expect(none?.seeds).toEqual([0, 1]);
    expect(none?.significance.greedy.pValue).toBeNull();
    expect(additive?.bleu.greedy.values).toEqual([
      additive0?.test.greedy.bleu,
      additive1?.test.greedy.bleu,
    ]);
    expect(additive?.aer?.values).toHaveLength(2);
    expect(additive?.significance.beam.pValue).toBeGreaterThan(0);
    expect(additive?.significance.beam.pValue).toBeLessThanOrEqual(1);
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
      'BLEU with its 95 % bootstrap interval, against none',
      expect.stringMatching(/^Attention on test sentence \d+: “.+”$/),
    ]);
    expect(html.match(/<div class="heatmap" data-index=/g)).toHaveLength(1);
    expect(has(/<title>sentence \d+, additive: /), 'heat map title').toBe(true);
    expect(has('<th scope="col">p greedy vs none</th>'), 'p-values in the table').toBe(true);
    expect(has('<th scope="col">AER</th>'), 'alignment error rate in the table').toBe(true);
    expect(has('&quot;seed&quot;: 0'), 'seed in the configuration').toBe(true);
    expect(has('&quot;transformerSizing&quot;'), 'sizing in the configuration').toBe(true);
  });

  it('reproduces every metric but the timings with the same seeds', () => {
    expect(runs[1]?.code, runs[1]?.stderr).toBe(0);
    const a = readComparison(first);
    const b = readComparison(second);
    expect(b.results.map(withoutTimings)).toEqual(a.results.map(withoutTimings));
    const significance = (comparison: Comparison) =>
      comparison.summaries.map((model) => model.significance);
    expect(significance(b)).toEqual(significance(a));
  });

  it(
    'keeps finished models on a rerun, and refuses other settings in the same directory',
    async () => {
      const rerun = await runCli([...MICRO, '--out', first]);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(rerun.stderr).toContain('[1/4] none seed 0: finished in an earlier run; kept');
      expect(rerun.stderr).toContain('[4/4] additive seed 1: finished in an earlier run; kept');
      expect(rerun.stderr).not.toContain('training on');
      expect(rerun.stdout).toBe(runs[0]?.stdout);

      const other = await runCli([...MICRO, '--out', first, '--steps', '5']);
      expect(other.code).toBe(1);
      expect(other.stderr.trimEnd().split('\n').at(-1)).toMatch(
        /^heed-compare: error: .* holds a comparison run with other settings \(steps: 4 → 5\)/,
      );
    },
    RUNS_TIMEOUT,
  );
});

describe('two heed-compare processes on one directory', () => {
  it(
    'share the runs, each trained once, and write the same tables',
    async () => {
      const out = join(root, 'shared');
      const pair = await Promise.all([
        runCli([...MICRO, '--out', out]),
        runCli([...MICRO, '--out', out]),
      ]);
      for (const run of pair) expect(run.code, run.stderr).toBe(0);
      const trained = pair.flatMap(
        (run) => run.stderr.match(/^\[\d\/4\] .*: testing the /gm) ?? [],
      );
      expect(trained.map((line) => line.slice(0, 5)).sort()).toEqual([
        '[1/4]',
        '[2/4]',
        '[3/4]',
        '[4/4]',
      ]);
      expect(pair[1]?.stdout).toBe(pair[0]?.stdout);
      expect(readComparison(out).results.map(withoutTimings)).toEqual(
        readComparison(first).results.map(withoutTimings),
      );
      expect(existsSync(join(out, 'models', 'none', 'seed-0', 'run.lock'))).toBe(false);
    },
    RUNS_TIMEOUT,
  );
});

describe('heed-compare after an interrupt', () => {
  it(
    'saves the model being trained, exits with 130, and resumes it on a rerun',
    async () => {
      const out = join(root, 'interrupted');
      const args = [...TINY, '--models', 'none', '--steps', '12', '--out', out];
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
      expect(existsSync(join(out, 'models', 'none', 'seed-0', 'last', 'config.json'))).toBe(true);
      expect(existsSync(join(out, 'results', 'none', 'seed-0.json'))).toBe(false);

      const resumed = await runCli(args);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toMatch(/resuming at step \d+/);
      expect(readComparison(out).results[0]?.training.steps).toBe(12);
    },
    RUNS_TIMEOUT,
  );

  it(
    'exits with 143 on SIGTERM, after saving',
    async () => {
      const out = join(root, 'terminated');
      const args = [...TINY, '--models', 'none', '--steps', '12', '--out', out];
      let sent = false;
      const terminated = await runCli(args, (stderr, stop) => {
        if (!sent && /step 2\/12/.test(stderr)) {
          sent = true;
          stop('SIGTERM');
        }
      });
      expect(terminated.code, terminated.stderr).toBe(143);
      expect(terminated.stderr).toMatch(
        /heed-compare: interrupted by SIGTERM while training 'none'/,
      );
      expect(existsSync(join(out, 'models', 'none', 'seed-0', 'last', 'config.json'))).toBe(true);
    },
    RUNS_TIMEOUT,
  );
});
