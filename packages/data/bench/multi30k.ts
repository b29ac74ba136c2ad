/**
 * Reads, tokenizes and batches all of Multi30k's training set (29,000 German–English pairs,
 * gzipped) three ways, each in its own process so peak memory is its own:
 *
 * - heed-stream: readMoses → tokenize on the fly → streamBatches (nothing held but a pool);
 * - heed-memory: readMoses → array → tokenize → bucketBatches (length buckets, max tokens);
 * - baseline:    gunzipSync + split('\n') → tokenize → sort by length → fixed batches of 64.
 *
 * Run: npx tsup && npx tsx bench/multi30k.ts   (data: <repo>/../shared/data/multi30k)
 */
import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { bucketBatches, readMoses, streamBatches } from '@heed/data/node';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = resolve(here, '../../../../shared/data/multi30k');
const SOURCE = join(dataDir, 'train.de.gz');
const TARGET = join(dataDir, 'train.en.gz');
const MAX_TOKENS = 4096;
const BASELINE_BATCH_SIZE = 64;
const REPEATS = 3;

type Variant = 'heed-stream' | 'heed-memory' | 'baseline';

interface Result {
  variant: Variant;
  tokenizer: string;
  pairs: number;
  batches: number;
  realTokens: number;
  paddedTokens: number;
  seconds: number;
  startRssMiB: number;
  peakRssMiB: number;
  peakHeapMiB: number;
}

/** Peak of process.memoryUsage(), sampled every `every` calls. */
class MemoryPeak {
  rss = 0;
  heap = 0;
  #calls = 0;
  sample(every = 1): void {
    if (++this.#calls % every !== 0) return;
    const { rss, heapUsed } = process.memoryUsage();
    this.rss = Math.max(this.rss, rss);
    this.heap = Math.max(this.heap, heapUsed);
  }
}

/** Words and single punctuation marks, lowercased; ids from a growing vocabulary (0–3 reserved). */
function makeTokenizer(): { name: string; encode: (text: string) => Int32Array } {
  const vocab = new Map<string, number>();
  return {
    name: 'regex words+punctuation',
    encode: (text) => {
      const tokens = text.toLowerCase().match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
      const ids = new Int32Array(tokens.length + 2);
      ids[0] = 1;
      tokens.forEach((token, i) => {
        let id = vocab.get(token);
        if (id === undefined) {
          id = vocab.size + 4;
          vocab.set(token, id);
        }
        ids[i + 1] = id;
      });
      ids[ids.length - 1] = 2;
      return ids;
    },
  };
}

interface Example {
  source: Int32Array;
  target: Int32Array;
}
const lengthOf = (e: Example) => Math.max(e.source.length, e.target.length);

async function run(variant: Variant): Promise<Result> {
  const startRss = process.memoryUsage().rss;
  const peak = new MemoryPeak();
  const tokenizer = makeTokenizer();
  const started = performance.now();
  let pairs = 0;
  let batches = 0;
  let realTokens = 0;
  let paddedTokens = 0;
  const account = (batch: readonly Example[]) => {
    batches++;
    const longest = Math.max(...batch.map(lengthOf));
    for (const e of batch) realTokens += e.source.length + e.target.length;
    paddedTokens += 2 * batch.length * longest;
  };

  if (variant === 'heed-stream') {
    async function* examples() {
      for await (const { source, target } of readMoses(SOURCE, TARGET)) {
        pairs++;
        peak.sample(500);
        yield { source: tokenizer.encode(source), target: tokenizer.encode(target) };
      }
    }
    for await (const batch of streamBatches(examples(), {
      length: lengthOf,
      maxTokens: MAX_TOKENS,
      seed: 1,
    })) {
      account(batch);
      peak.sample(20);
    }
  } else if (variant === 'heed-memory') {
    const corpus = await readMoses(SOURCE, TARGET).toArray();
    pairs = corpus.length;
    peak.sample();
    const examples = corpus.map(({ source, target }, i) => {
      if (i % 500 === 0) peak.sample();
      return { source: tokenizer.encode(source), target: tokenizer.encode(target) };
    });
    const { batches: cut } = bucketBatches(examples.map(lengthOf), {
      maxTokens: MAX_TOKENS,
      seed: 1,
    });
    for (const { indices } of cut) account(indices.map((i) => examples[i] as Example));
    peak.sample();
  } else {
    const sources = gunzipSync(readFileSync(SOURCE)).toString('utf8').split('\n');
    const targets = gunzipSync(readFileSync(TARGET)).toString('utf8').split('\n');
    if (sources.at(-1) === '') sources.pop();
    if (targets.at(-1) === '') targets.pop();
    pairs = sources.length;
    peak.sample();
    const examples = sources.map((source, i) => {
      if (i % 500 === 0) peak.sample();
      return { source: tokenizer.encode(source), target: tokenizer.encode(targets[i] as string) };
    });
    examples.sort((a, b) => lengthOf(a) - lengthOf(b));
    for (let i = 0; i < examples.length; i += BASELINE_BATCH_SIZE)
      account(examples.slice(i, i + BASELINE_BATCH_SIZE));
    peak.sample();
  }
  peak.sample();
  return {
    variant,
    tokenizer: tokenizer.name,
    pairs,
    batches,
    realTokens,
    paddedTokens,
    seconds: (performance.now() - started) / 1000,
    startRssMiB: startRss / 2 ** 20,
    peakRssMiB: peak.rss / 2 ** 20,
    peakHeapMiB: peak.heap / 2 ** 20,
  };
}

function inChild(variant: Variant): Promise<Result> {
  return new Promise((done, fail) => {
    const child = fork(fileURLToPath(import.meta.url), [variant], { execArgv: process.execArgv });
    child.on('message', (message) => done(message as Result));
    child.on('exit', (code) => code !== 0 && fail(new Error(`${variant} exited with ${code}`)));
  });
}

const requested = process.argv[2] as Variant | undefined;
if (requested) {
  process.send?.(await run(requested));
} else {
  if (!existsSync(SOURCE) || !existsSync(TARGET)) {
    console.error(`Multi30k not found at ${dataDir}`);
    process.exit(1);
  }
  // Each variant runs REPEATS times, interleaved; the table shows the median time and the largest peaks.
  const runs = new Map<Variant, Result[]>();
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    for (const variant of ['baseline', 'heed-memory', 'heed-stream'] as const) {
      runs.set(variant, [...(runs.get(variant) ?? []), await inChild(variant)]);
    }
  }
  const results = [...runs.values()].map((all) => {
    const seconds = all.map((r) => r.seconds).sort((a, b) => a - b);
    return {
      ...(all[0] as Result),
      seconds: seconds[Math.floor(seconds.length / 2)] as number,
      peakRssMiB: Math.max(...all.map((r) => r.peakRssMiB)),
      peakHeapMiB: Math.max(...all.map((r) => r.peakHeapMiB)),
    };
  });
  const baseline = results[0] as Result;
  console.log(
    `Multi30k train de-en, tokenizer: ${baseline.tokenizer}, node ${process.version}, median of ${REPEATS} runs`,
  );
  console.table(
    results.map((r) => ({
      variant: r.variant,
      pairs: r.pairs,
      batches: r.batches,
      seconds: Number(r.seconds.toFixed(2)),
      'vs baseline': `${(r.seconds / baseline.seconds).toFixed(2)}×`,
      'padding efficiency': `${((100 * r.realTokens) / r.paddedTokens).toFixed(1)}%`,
      'RSS at start MiB': Number(r.startRssMiB.toFixed(1)),
      'peak RSS MiB': Number(r.peakRssMiB.toFixed(1)),
      'peak heap MiB': Number(r.peakHeapMiB.toFixed(1)),
    })),
  );
}
