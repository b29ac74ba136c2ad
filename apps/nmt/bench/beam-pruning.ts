// What beam search's speed costs in BLEU: `heed-nmt translate` of a test set
// with greedy decoding, exact beam search, and beam search with each
// `--prune-margin`, run in turn `--repeats` times (so machine noise hits them
// alike), each timed as a whole process and scored with `@heed/metrics`.
// Prints seconds (median), the ratio to greedy, BLEU, chrF, and how many
// sentences each pruned search translates exactly as the exact search does.
//
//   npx tsx bench/beam-pruning.ts --checkpoint <run or checkpoint>
//       [--src test.de.gz --tgt test.en.gz]   (default: Multi30k's test_2016_flickr)
//       [--beam 5] [--margins 1,2,3] [--repeats 3] [--out DIR] [--pin]
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { corpusBleu, corpusChrf } from '@heed/metrics';
import { loadPairs } from '@heed/recipe/node';
import { fixed, formatTable } from '../src/cli/output';
import { multi30k } from './corpora';
import { translateCommand } from './side-by-side';

const { values: args } = parseArgs({
  options: {
    checkpoint: { type: 'string' },
    src: { type: 'string' },
    tgt: { type: 'string' },
    beam: { type: 'string', default: '5' },
    margins: { type: 'string', default: '1,2,3' },
    repeats: { type: 'string', default: '3' },
    out: { type: 'string' },
    pin: { type: 'boolean', default: false },
  },
});
if (args.checkpoint === undefined) {
  throw new Error('beam-pruning: --checkpoint <run or checkpoint directory> is required');
}
const checkpoint = args.checkpoint;
const beam = Number(args.beam);
const repeats = Number(args.repeats);
const directory = args.out ?? mkdtempSync(join(tmpdir(), 'heed-beam-pruning-'));
mkdirSync(directory, { recursive: true });

const pairs = await loadPairs({
  kind: 'moses',
  source: args.src ?? multi30k('test_2016_flickr.de.gz'),
  target: args.tgt ?? multi30k('test_2016_flickr.en.gz'),
});
const sourceFile = join(directory, 'test.source.txt');
writeFileSync(sourceFile, pairs.map((pair) => `${pair.source}\n`).join(''));
const references = pairs.map((pair) => pair.target);

interface Setting {
  label: string;
  beam: number;
  flags: string[];
}
const settings: Setting[] = [
  { label: 'greedy', beam: 1, flags: [] },
  { label: `beam ${beam}, exact`, beam, flags: [] },
  ...args.margins.split(',').map((margin) => ({
    label: `beam ${beam}, --prune-margin ${margin}`,
    beam,
    flags: ['--prune-margin', margin],
  })),
];

const seconds = settings.map((): number[] => []);
const outputs = settings.map((): string[] => []);
for (let repeat = 0; repeat < repeats; repeat++) {
  for (const [index, setting] of settings.entries()) {
    const output = join(directory, `test.${index}.txt`);
    const run = await translateCommand(
      checkpoint,
      sourceFile,
      output,
      setting.beam,
      args.pin,
      setting.flags,
    );
    seconds[index]?.push(run.seconds);
    outputs[index] = run.hypotheses;
    console.error(`${setting.label}: ${fixed(run.seconds, 1)} s`);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const greedySeconds = median(seconds[0] ?? []);
const exact = outputs[1] ?? [];
const rows = settings.map((setting, index) => {
  const hypotheses = outputs[index] ?? [];
  const same = hypotheses.filter((line, i) => line === exact[i]).length;
  return [
    setting.label,
    fixed(median(seconds[index] ?? []), 1),
    fixed(median(seconds[index] ?? []) / greedySeconds, 2),
    fixed(corpusBleu(hypotheses, [references]).score),
    fixed(corpusChrf(hypotheses, [references]).score),
    `${same} / ${hypotheses.length}`,
  ];
});
console.log(
  `heed-nmt translate -c ${checkpoint}, ${pairs.length} sentences, one thread, median of ${repeats}\n`,
);
console.log(
  formatTable(['decoding', 'seconds', '× greedy', 'BLEU', 'chrF', 'as exact beam'], rows),
);
console.log(
  '\nseconds: the whole translate process (start and checkpoint load included); BLEU and chrF: @heed/metrics against the references.',
);
