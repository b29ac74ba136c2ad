// Quality on the built-in corpora (not CI): `npm run bench` (or
// `npx tsx bench/quality.ts dates grammar`) after building the packages.
//
// - dates: a character-level GRU with additive attention must reach ≥ 99 %
//   exact match on the held-out test split;
// - grammar: en-es-grammar with additive attention must reach ≥ 90 BLEU
//   overall and on sentences of 30+ source tokens.
// Each task also trains the no-attention baseline (`--attention none`) with the
// same budget in the same run, so the table shows what attention buys.
// Budgets scale with HEED_BENCH_SCALE (default 1; 0.1 for a smoke run).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixed, formatTable } from '../src/cli/output';
import { type Experiment, type ExperimentResult, runExperiment } from './run-experiment';

const scale = Number(process.env.HEED_BENCH_SCALE ?? 1);
const minutes = (m: number) => Math.max(10, Math.round(m * 60 * scale));

const DATES: Experiment = {
  name: 'dates additive',
  config: {
    data: 'builtin:dates',
    tokenizer: 'char',
    embed: 32,
    hidden: 128,
    dropout: 0,
    batchTokens: 1024,
    lr: 0.003,
    time: minutes(8),
    evalEvery: 200,
    evalSentences: 100,
  },
};

const GRAMMAR: Experiment = {
  name: 'en-es-grammar additive',
  config: {
    data: 'builtin:en-es-grammar',
    tokenizer: 'word',
    bidirectional: true,
    embed: 128,
    hidden: 192,
    dropout: 0,
    batchTokens: 4096,
    lr: 0.002,
    time: minutes(90),
    evalEvery: 200,
    evalSentences: 100,
  },
  longFrom: 30,
};

const baseline = (experiment: Experiment): Experiment => ({
  ...experiment,
  name: experiment.name.replace('additive', 'no attention'),
  config: { ...experiment.config, attention: 'none' },
});

const TASKS: Record<string, Experiment[]> = {
  dates: [DATES, baseline(DATES)],
  grammar: [GRAMMAR, baseline(GRAMMAR)],
};

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const names = requested.length > 0 ? requested : Object.keys(TASKS);
const root = mkdtempSync(join(tmpdir(), 'heed-nmt-bench-'));
const results: ExperimentResult[] = [];
for (const name of names) {
  const experiments = TASKS[name];
  if (!experiments)
    throw new Error(`unknown task '${name}'; tasks: ${Object.keys(TASKS).join(', ')}`);
  for (const experiment of process.argv.includes('--no-baseline')
    ? experiments.slice(0, 1)
    : experiments) {
    console.error(`\n== ${experiment.name}`);
    const result = await runExperiment(
      experiment,
      join(root, experiment.name.replace(/\W+/g, '-')),
    );
    results.push(result);
    console.error(
      `${experiment.name}: BLEU ${fixed(result.report.bleu)}, exact ${fixed(result.report.exactMatch, 1)}%, ` +
        `BLEU 30+ ${fixed(result.longBleu)} (${result.longSentences})`,
    );
  }
}

console.log(
  `\nheed-nmt quality bench (scale ${scale}), backend ${results[0]?.backend ?? '?'}, runs in ${root}\n`,
);
console.log(
  formatTable(
    [
      'experiment',
      'params',
      'steps',
      'train s',
      'test',
      'BLEU',
      'chrF',
      'exact %',
      'ppl',
      'BLEU 30+ (n)',
    ],
    results.map((result) => [
      result.name,
      result.parameters.toLocaleString('en-US'),
      String(result.steps),
      fixed(result.trainSeconds, 0),
      String(result.report.sentences),
      fixed(result.report.bleu),
      fixed(result.report.chrf),
      fixed(result.report.exactMatch, 1),
      fixed(result.report.perplexity, 3),
      `${fixed(result.longBleu)} (${result.longSentences})`,
    ]),
  ),
);
console.log('\nBLEU by source length (tokens)');
console.log(
  formatTable(
    [
      'experiment',
      ...(results[0]?.buckets ?? []).map((b) =>
        Number.isFinite(b.to) ? `${b.from}-${b.to - 1}` : `${b.from}+`,
      ),
    ],
    results.map((result) => [
      result.name,
      ...result.buckets.map((bucket) => `${fixed(bucket.bleu, 1)} (${bucket.sentences})`),
    ]),
  ),
);
const targets = [
  {
    name: DATES.name,
    check: (r: ExperimentResult) => r.report.exactMatch >= 99,
    goal: 'exact match ≥ 99 %',
  },
  {
    name: GRAMMAR.name,
    check: (r: ExperimentResult) => r.report.bleu >= 90 && r.longBleu >= 90,
    goal: 'BLEU ≥ 90 overall and on 30+ tokens',
  },
];
console.log('');
for (const target of targets) {
  const result = results.find((r) => r.name === target.name);
  if (result)
    console.log(`${target.check(result) ? 'PASS' : 'FAIL'} ${target.name}: ${target.goal}`);
}
