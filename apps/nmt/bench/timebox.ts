// The user's question (not CI): given a corpus and a wall-clock budget, does
// `heed-nmt train` with its default recipe reach a better translation than the
// PyTorch model the classic tutorials write (bi-GRU + Bahdanau attention, full
// softmax, Adam, word tokens)? Both start together on the same split, tokens
// and batches, one thread (and one core) each; both test outputs are scored
// with @heed/metrics (heed greedy and beam 5 through `heed-nmt translate`, the
// peer greedy). Prints updates, tokens/s, BLEU, chrF and decode time, and
// draws validation BLEU over wall-clock minutes as SVG.
//
//   npm run build && cd apps/nmt
//   npx tsx bench/timebox.ts multi30k --minutes 20        # Multi30k de→en (../shared/data/multi30k)
//   npx tsx bench/timebox.ts multi30k --minutes 60
//   npx tsx bench/timebox.ts en-es-grammar --minutes 10  # a built-in corpus (or `dates`)
//   … --heed-flags="--eval-every 100"                    # heed-nmt flags beyond its defaults
//
// Options: --minutes (20), --peer-eval-minutes (a tenth of the budget),
// --heed-flags, --beams (1,5), --test-limit (all; the first n test pairs, for
// a smoke run), --no-pin (skip `taskset`), --out (a temp dir).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { SentencePair } from '@heed/data';
import { corpusBleu, corpusChrf } from '@heed/metrics';
import type { RecipeConfig } from '@heed/recipe';
import { renderLineChartSvg } from '@heed/viz';
import { fixed, formatTable } from '../src/cli/output';
import { DEFAULT_BEAM } from '../src/commands/decoding-options';
import { CORPORA } from './corpora';
import {
  type CurvePoint,
  type PeerModel,
  parseHeedFlags,
  runSideBySide,
  translateCommand,
} from './side-by-side';

/**
 * The tutorial model (bentrevett/pytorch-seq2seq's Bahdanau GRU at half its
 * encoder width): embeddings 256, bidirectional GRU 256, decoder GRU 512,
 * additive attention 512, Adam 1e-3, clipping at 1, dropout 0.2 on the decoder
 * states.
 */
const TUTORIAL_PEER: PeerModel = {
  embed: 256,
  hidden: 256,
  layers: 1,
  bidirectional: true,
  decoder: 512,
  decoderLayers: 1,
  units: 512,
  dropout: 0.2,
  lr: 1e-3,
  clip: 1,
};

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    minutes: { type: 'string', default: '20' },
    'peer-eval-minutes': { type: 'string' },
    'heed-flags': { type: 'string', default: '' },
    beams: { type: 'string', default: '1,5' },
    'test-limit': { type: 'string' },
    'no-pin': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const corpusName = positionals[0] ?? 'multi30k';
const corpus = CORPORA[corpusName];
if (!corpus) {
  throw new Error(`unknown corpus '${corpusName}'; choose ${Object.keys(CORPORA).join(', ')}`);
}
const minutes = Number(args.minutes);
const heedFlagWords = (args['heed-flags'] ?? '').split(/\s+/).filter((word) => word !== '');
const heed: Partial<RecipeConfig> = { ...corpus.heed(), ...parseHeedFlags(heedFlagWords) };
const directory = args.out ?? mkdtempSync(join(tmpdir(), `heed-timebox-${corpusName}-`));
const pin = !args['no-pin'];

const result = await runSideBySide({
  heed,
  peer: TUTORIAL_PEER,
  seconds: minutes * 60,
  peerEvalSeconds: Number(args['peer-eval-minutes'] ?? minutes / 10) * 60,
  test: async (data) => {
    const pairs = await corpus.test(data);
    return args['test-limit'] === undefined ? pairs : pairs.slice(0, Number(args['test-limit']));
  },
  pin,
  directory,
});
const { config, test } = result;
const references = test.map((pair) => pair.target);
const score = (hypotheses: readonly string[]) => ({
  bleu: corpusBleu(hypotheses, [references], { lowercase: config.lowercase }).score,
  chrf: corpusChrf(hypotheses, [references], { lowercase: config.lowercase }).score,
});

// heed decodes the test set the way a user does: `heed-nmt translate` on the chosen checkpoint.
const sourceFile = join(directory, 'test.source.txt');
writeFileSync(sourceFile, test.map((pair: SentencePair) => `${pair.source}\n`).join(''));
const heedTests: { beam: number; seconds: number; scores: { bleu: number; chrf: number } }[] = [];
for (const beam of args.beams.split(',').map(Number)) {
  const output = join(directory, `test.heed.beam${beam}.txt`);
  const { seconds, hypotheses } = await translateCommand(
    result.heed.checkpoint,
    sourceFile,
    output,
    beam,
    pin,
  );
  heedTests.push({ beam, seconds, scores: score(hypotheses) });
}
writeFileSync(join(directory, 'test.peer.greedy.txt'), result.peer.testHypotheses.join('\n'));
const peerScores = score(result.peer.testHypotheses);

const lastBleu = (curve: CurvePoint[]) => fixed(curve.at(-1)?.bleu ?? Number.NaN);
const rows = [
  ...heedTests.map((run) => [
    `heed-nmt (default recipe), ${decodingLabel(run.beam)}`,
    result.heed.parameters.toLocaleString('en-US'),
    String(result.heed.updates),
    fixed(result.heed.tokensPerSecond, 0),
    lastBleu(result.heed.curve),
    fixed(run.scores.bleu),
    fixed(run.scores.chrf),
    fixed(run.seconds, 1),
  ]),
  [
    'PyTorch tutorial model, greedy',
    result.peer.parameters.toLocaleString('en-US'),
    String(result.peer.updates),
    fixed(result.peer.tokensPerSecond, 0),
    lastBleu(result.peer.curve),
    fixed(peerScores.bleu),
    fixed(peerScores.chrf),
    fixed(result.peer.testSeconds, 1),
  ],
];
console.log(
  `\ntimebox: ${corpus.description}, ${minutes} min of training each, ${test.length} test sentences, ${new Date().toISOString()}`,
);
console.log(`heed:  ${result.heed.command}`);
console.log(`peer:  ${result.peer.command}\n`);
console.log(
  formatTable(
    ['system', 'params', 'updates', 'tokens/s', 'valid BLEU', 'test BLEU', 'chrF', 'decode s'],
    rows,
  ),
);
console.log(
  '\ntokens/s: target tokens per second of training after the first update, evaluations excluded.' +
    '\nvalid BLEU: the last validation BLEU during training (heed: its trainer on evalSentences; peer: as many validation sentences, scored here).' +
    '\ndecode s: heed-nmt translate wall time (process start and checkpoint load included); the peer: greedy decoding inside its process.',
);

const minutesOf = (curve: CurvePoint[]) =>
  curve.map((point) => ({ x: point.seconds / 60, y: point.bleu }));
const chartFile = join(directory, 'bleu-vs-minutes.svg');
writeFileSync(
  chartFile,
  renderLineChartSvg({
    title: `${corpus.description}: validation BLEU over wall-clock time`,
    xLabel: 'minutes of training (wall clock)',
    yLabel: 'validation BLEU',
    series: [
      { name: 'heed-nmt (default recipe)', points: minutesOf(result.heed.curve) },
      { name: 'PyTorch tutorial model', points: minutesOf(result.peer.curve) },
    ],
  }),
);
const curveRows = (name: string, curve: CurvePoint[]) =>
  curve.map((point) => [
    name,
    fixed(point.seconds / 60, 1),
    String(point.updates),
    fixed(point.loss, 3),
    fixed(point.bleu),
  ]);
console.log('\nValidation over wall-clock time');
console.log(
  formatTable(
    ['system', 'minute', 'updates', 'valid loss', 'valid BLEU'],
    [...curveRows('heed-nmt', result.heed.curve), ...curveRows('PyTorch', result.peer.curve)],
  ),
);
writeFileSync(
  join(directory, 'results.json'),
  JSON.stringify(
    {
      corpus: corpusName,
      minutes,
      date: new Date().toISOString(),
      heed: { ...result.heed, tests: heedTests },
      peer: { ...result.peer, testHypotheses: undefined, test: peerScores },
    },
    null,
    2,
  ),
);
console.log(`\nchart: ${chartFile}\nrun files: ${directory}`);

/** How a heed row decoded, marking heed-nmt translate's default. */
function decodingLabel(beam: number): string {
  const name = beam === 1 ? 'greedy' : `beam ${beam}`;
  return beam === DEFAULT_BEAM ? `${name} (translate's default)` : name;
}
