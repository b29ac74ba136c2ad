// Multi30k German → English (not CI): trains the RNN with additive attention
// for an hour on the training set (29,000 pairs; validation on val), then
// scores test_2016_flickr (1,000 pairs) with greedy and beam-5 decoding.
//
//   npx tsx bench/multi30k.ts                   # RNN + attention, 60 minutes
//   npx tsx bench/multi30k.ts transformer       # the Transformer, same budget
//   HEED_BENCH_MINUTES=1 HEED_BENCH_TEST_LIMIT=50 npx tsx bench/multi30k.ts   # smoke run
//
// The data is read from <repository>/../shared/data/multi30k/*.gz. Published
// PyTorch results on the same data (bentrevett/pytorch-seq2seq, spaCy tokens,
// lowercase, 10 epochs on a GPU): Bahdanau GRU test perplexity 25.6 and BLEU
// 28.3; Transformer BLEU 36.5. They are quoted, not re-run, so their budget
// and tokenization differ from this run's (see the README).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecipeConfig } from '@heed/recipe';
import { fixed, formatTable } from '../src/cli/output';
import { type Experiment, runExperiment } from './run-experiment';

const data = fileURLToPath(new URL('../../../../shared/data/multi30k/', import.meta.url));
for (const file of [
  'train.de.gz',
  'train.en.gz',
  'val.de.gz',
  'val.en.gz',
  'test_2016_flickr.de.gz',
  'test_2016_flickr.en.gz',
]) {
  if (!existsSync(join(data, file))) {
    console.error(`multi30k bench: ${join(data, file)} is missing`);
    process.exit(1);
  }
}
const minutes = Number(process.env.HEED_BENCH_MINUTES ?? 60);
const shared: Partial<RecipeConfig> = {
  src: join(data, 'train.de.gz'),
  tgt: join(data, 'train.en.gz'),
  validSrc: join(data, 'val.de.gz'),
  validTgt: join(data, 'val.en.gz'),
  testShare: 0,
  lowercase: true,
  tokenizer: 'word',
  vocabSize: 8000,
  maxLength: 60,
  time: minutes * 60,
  evalEvery: 300,
  evalSentences: 100,
};
const ARCHITECTURES: Record<string, Partial<RecipeConfig>> = {
  // Sized for an hour on two CPU cores: a quarter of bentrevett's width, and
  // sampled softmax (512 classes) so the 6,000-word output layer does not
  // dominate each update; validation and test use the full softmax.
  rnn: {
    arch: 'rnn',
    attention: 'additive',
    bidirectional: true,
    embed: 128,
    hidden: 192,
    dropout: 0.2,
    batchTokens: 4096,
    lr: 0.002,
    loss: 'sampled',
    numSampled: 512,
  },
  transformer: {
    arch: 'transformer',
    hidden: 256,
    heads: 8,
    layers: 3,
    feedForward: 512,
    dropout: 0.1,
    batchTokens: 4096,
    lr: 0.0005,
    schedule: 'inverse-sqrt',
    warmup: 1000,
    labelSmoothing: 0.1,
  },
};
const arch = process.argv[2] ?? 'rnn';
const config = ARCHITECTURES[arch];
if (!config)
  throw new Error(
    `unknown architecture '${arch}'; choose ${Object.keys(ARCHITECTURES).join(' or ')}`,
  );
const root = mkdtempSync(join(tmpdir(), 'heed-nmt-multi30k-'));
const experiment: Experiment = {
  name: `multi30k de→en ${arch}${arch === 'rnn' ? ' + additive' : ''}`,
  config: { ...shared, ...config },
  beams: [1, 5],
  ...(process.env.HEED_BENCH_TEST_LIMIT
    ? { testLimit: Number(process.env.HEED_BENCH_TEST_LIMIT) }
    : {}),
  testFiles: {
    source: join(data, 'test_2016_flickr.de.gz'),
    target: join(data, 'test_2016_flickr.en.gz'),
  },
};
const result = await runExperiment(experiment, join(root, arch));
const rows = [result, ...result.otherBeams].map((scores) => [
  `${experiment.name}, beam ${scores.beam}`,
  result.parameters.toLocaleString('en-US'),
  String(result.steps),
  fixed(result.trainSeconds / 60, 1),
  fixed(scores.report.bleu),
  fixed(scores.report.chrf),
  fixed(scores.report.perplexity),
  fixed(scores.report.seconds, 0),
]);
console.log(
  `\nMulti30k de→en, test_2016_flickr (${result.report.sentences} sentences), ${minutes} minutes of training; runs in ${root}\n`,
);
console.log(
  formatTable(
    ['system', 'params', 'steps', 'train min', 'BLEU', 'chrF', 'test ppl', 'decode s'],
    [
      ...rows,
      ['bentrevett PyTorch Bahdanau GRU (published)', '20.5M', '', '', '28.3', '', '25.6', ''],
      ['bentrevett PyTorch Transformer (published)', '9.0M', '', '', '36.5', '', '', ''],
    ],
  ),
);
