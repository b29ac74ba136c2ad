/**
 * BPE benchmark: training time and encode throughput of @heed/tokenizers against
 * Debian's SentencePiece (`spm_train --model_type=bpe`, `spm_encode`) on the Multi30k
 * training sentences (German + English), same vocabulary size, measured in the same run.
 *
 *   npm run bench                       # vocab 8000, median of 3 runs
 *   npx tsx bench/bpe.ts --vocab-size 16000 --runs 5
 *
 * Data: `../shared/data/multi30k/train.{de,en}.gz`, relative to the repository root.
 * SentencePiece is installed with `apt-get install -y sentencepiece` when `spm_train` is missing.
 * Times are wall-clock seconds (median) plus CPU seconds (user + system, all threads);
 * SentencePiece runs as a CLI, so its times include process start-up and file I/O, which
 * the table states separately (the time to encode one line).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { BpeTokenizer } from '../src/index';

interface Timing {
  wall: number;
  cpu: number;
}

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `bench/bpe: --${name} must be a positive integer. Received: ${process.argv[index + 1]}`,
    );
  }
  return value;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function measure(run: () => void): Timing {
  const cpu = process.cpuUsage();
  const start = performance.now();
  run();
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1e6 };
}

/** Runs a command under bash's `time`, returning wall and CPU seconds of the child. */
function measureCommand(command: string, args: string[]): Timing {
  const quoted = [command, ...args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
  const start = performance.now();
  const result = spawnSync(
    'bash',
    ['-c', `TIMEFORMAT='%3U %3S'; time ${quoted} > /dev/null 2>&1`],
    {
      encoding: 'utf8',
    },
  );
  const wall = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`bench/bpe: ${command} failed:\n${result.stderr}`);
  const [user, system] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wall, cpu: user! + system! };
}

function ensureSentencePiece(): void {
  if (spawnSync('spm_train', ['--version']).error === undefined) return;
  console.log(
    'spm_train not found: installing Debian sentencepiece (apt-get install -y sentencepiece)',
  );
  const install = spawnSync('apt-get', ['install', '-y', 'sentencepiece'], { stdio: 'inherit' });
  if (install.status !== 0 || spawnSync('spm_train', ['--version']).error !== undefined) {
    throw new Error(
      'bench/bpe: could not install sentencepiece; run `apt-get install -y sentencepiece` as root',
    );
  }
}

function readCorpus(): string[] {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const dataDir = path.resolve(repoRoot, '../shared/data/multi30k');
  const files = ['train.de.gz', 'train.en.gz'].map((name) => path.join(dataDir, name));
  for (const file of files) {
    if (!existsSync(file)) {
      throw new Error(
        `bench/bpe: ${file} is missing. The benchmark needs the Multi30k training files in ${dataDir} (train.de.gz, train.en.gz).`,
      );
    }
  }
  return files.flatMap((file) =>
    gunzipSync(readFileSync(file))
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim().length > 0),
  );
}

function main(): void {
  const vocabSize = option('vocab-size', 8000);
  const runs = option('runs', 3);
  const sentences = readCorpus();
  ensureSentencePiece();
  const work = mkdtempSync(path.join(tmpdir(), 'heed-bpe-bench-'));
  try {
    const corpusFile = path.join(work, 'corpus.txt');
    writeFileSync(corpusFile, `${sentences.join('\n')}\n`);
    const oneLineFile = path.join(work, 'one-line.txt');
    writeFileSync(oneLineFile, `${sentences[0]}\n`);
    const prefix = path.join(work, 'spm');
    const spmTrainArgs = [
      `--input=${corpusFile}`,
      `--model_prefix=${prefix}`,
      `--vocab_size=${vocabSize}`,
      '--model_type=bpe',
      '--byte_fallback=true',
      '--minloglevel=2',
    ];

    // heed
    let heed: BpeTokenizer | undefined;
    const heedTrain = Array.from({ length: runs }, () =>
      measure(() => {
        heed = BpeTokenizer.train(sentences, { vocabSize });
      }),
    );
    const json = heed!.toJSON();
    let heedPieces = 0;
    const heedEncode = Array.from({ length: runs }, () => {
      const fresh = BpeTokenizer.fromJSON(json); // empty encode cache: a cold start, as a new process
      return measure(() => {
        heedPieces = 0;
        for (const sentence of sentences) heedPieces += fresh.encode(sentence).length;
      });
    });
    const warm = BpeTokenizer.fromJSON(json);
    for (const sentence of sentences) warm.encode(sentence);
    const heedWarm = measure(() => {
      for (const sentence of sentences) warm.encode(sentence);
    });
    const mismatches = sentences.filter(
      (s) => warm.decode(warm.encode(s)) !== warm.normalize(s),
    ).length;

    // SentencePiece
    const spmTrain = Array.from({ length: runs }, () => measureCommand('spm_train', spmTrainArgs));
    const spmEncodeArgs = [
      `--model=${prefix}.model`,
      '--output_format=id',
      `--output=${path.join(work, 'ids.txt')}`,
    ];
    const spmEncode = Array.from({ length: runs }, () =>
      measureCommand('spm_encode', [...spmEncodeArgs, corpusFile]),
    );
    const spmOneLine = Array.from({ length: runs }, () =>
      measureCommand('spm_encode', [...spmEncodeArgs, oneLineFile]),
    );
    spawnSync('spm_encode', [...spmEncodeArgs, corpusFile]);
    const spmPieces = readFileSync(path.join(work, 'ids.txt'), 'utf8')
      .split('\n')
      .reduce((sum, line) => sum + (line.length > 0 ? line.split(' ').length : 0), 0);

    /** One table row; `speedup` is how many times faster heed is. */
    const row = (label: string, ours: number, theirs: number, unit: string, speedup: number) =>
      `${label.padEnd(38)}${`${ours.toFixed(3)} ${unit}`.padStart(14)}` +
      `${`${theirs.toFixed(3)} ${unit}`.padStart(18)}${`${speedup.toFixed(2)}×`.padStart(16)}`;
    const seconds = (label: string, ours: number, theirs: number) =>
      row(label, ours, theirs, 's', theirs / ours);
    const wall = (timings: Timing[]) => median(timings.map((t) => t.wall));
    const cpu = (timings: Timing[]) => median(timings.map((t) => t.cpu));
    const ourRate = sentences.length / wall(heedEncode) / 1e3;
    const theirRate = sentences.length / wall(spmEncode) / 1e3;
    console.log(
      `\nBPE on Multi30k train.de + train.en: ${sentences.length} sentences, vocab ${vocabSize}, median of ${runs} runs`,
    );
    console.log(
      `${''.padEnd(38)}${'heed'.padStart(14)}${'sentencepiece'.padStart(18)}${'heed speed-up'.padStart(16)}`,
    );
    console.log(seconds('train, wall', wall(heedTrain), wall(spmTrain)));
    console.log(seconds('train, cpu', cpu(heedTrain), cpu(spmTrain)));
    console.log(seconds('encode all (cold cache), wall', wall(heedEncode), wall(spmEncode)));
    console.log(seconds('encode all (cold cache), cpu', cpu(heedEncode), cpu(spmEncode)));
    console.log(
      seconds(
        'encode all, spm less its one-line run',
        wall(heedEncode),
        Math.max(wall(spmEncode) - wall(spmOneLine), 1e-9),
      ),
    );
    console.log(row('encode, k sentences/s', ourRate, theirRate, 'k', ourRate / theirRate));
    console.log(`heed encode, warm cache (second pass): ${heedWarm.wall.toFixed(3)} s`);
    console.log(`spm_encode on one line (start-up + model load): ${wall(spmOneLine).toFixed(3)} s`);
    console.log(
      `pieces: heed ${heedPieces} (${(heedPieces / sentences.length).toFixed(2)}/sentence), ` +
        `sentencepiece ${spmPieces} (${(spmPieces / sentences.length).toFixed(2)}/sentence)`,
    );
    console.log(
      `heed decode(encode(s)) !== normalize(s): ${mismatches} of ${sentences.length} sentences`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
