/**
 * Benchmark: one `Trainer` update with the `full` loss (the shipped path of
 * `heed-nmt train`) at the rnn bench's W-small size (vocab 2000, embed 128,
 * GRU 128, decoder 128, additive attention 128, batch 32, length 12) or, with
 * `--size base`, its W-base vocabulary and batch (vocab 8000, batch 64,
 * length 20, the same small network); Bahdanau placement, Adam. Prints the
 * median milliseconds per update (timed from the trainer's own `onStep`
 * callbacks), the engine's peak tensor bytes over two updates (`tf.profile`),
 * the wasm heap (which grows to the peak and never shrinks) and peak RSS.
 *
 * Runs the trainer of whichever checkout it is in, so the same file measures
 * an older version for a before/after comparison.
 *
 *   npx tsx bench/full-loss-step.ts [--backend wasm] [--threads 1] [--steps 12] [--size small|base]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type BackendName, initBackend } from '@heed/core';
import { RnnSeq2Seq } from '@heed/rnn';
import { Trainer, type TrainingBatch } from '@heed/train';
import * as tf from '@tensorflow/tfjs-core';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    threads: { type: 'string', default: '1' },
    steps: { type: 'string', default: '12' },
    size: { type: 'string', default: 'small' },
  },
});
const [VOCAB, EMBED, HIDDEN, BATCH, LENGTH] =
  args.size === 'base' ? [8000, 128, 128, 64, 20] : [2000, 128, 128, 32, 12];

/** Deterministic batches of `LENGTH` tokens ending in EOS (2), no padding. */
function makeBatches(count: number): TrainingBatch[] {
  let state = 12345;
  const token = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return 4 + (state % (VOCAB - 4));
  };
  const rows = () =>
    Array.from({ length: BATCH }, () => [...Array.from({ length: LENGTH - 1 }, token), 2]);
  return Array.from({ length: count }, () => ({ source: rows(), target: rows() }));
}

function makeModel(): RnnSeq2Seq {
  return new RnnSeq2Seq({
    sourceVocabSize: VOCAB,
    targetVocabSize: VOCAB,
    encoder: { embeddingDim: EMBED, hiddenSize: HIDDEN, layers: 1, bidirectional: false },
    decoder: { embeddingDim: EMBED, hiddenSize: HIDDEN, placement: 'bahdanau' },
    attention: { type: 'additive', units: HIDDEN },
    bridge: 'linear',
    seed: 0,
  });
}

/**
 * Runs `steps` updates; returns the wall and CPU (user + system, which a busy
 * machine disturbs less) milliseconds between consecutive updates.
 */
async function train(steps: number, directory: string): Promise<{ wall: number; cpu: number }[]> {
  const model = makeModel();
  const times: { wall: number; cpu: number }[] = [];
  const cpuNow = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const trainer = new Trainer(model, {
    loss: { type: 'full' },
    optimizer: { type: 'adam', learningRate: 1e-3 },
    maxSteps: steps,
    checkpointEvery: 1_000_000,
    runDirectory: directory,
    progress: 'none',
    onStep: () => times.push({ wall: performance.now(), cpu: cpuNow() }),
  });
  await trainer.fit(makeBatches(steps));
  trainer.dispose();
  model.dispose();
  return times.slice(1).map((time, i) => ({
    wall: time.wall - (times[i] as { wall: number }).wall,
    cpu: time.cpu - (times[i] as { cpu: number }).cpu,
  }));
}

const report = await initBackend(args.backend as BackendName, { threads: Number(args.threads) });
const directory = mkdtempSync(join(tmpdir(), 'heed-full-loss-'));
try {
  const profile = await tf.profile(() => train(2, join(directory, 'profile')));
  const intervals = (await train(Number(args.steps), join(directory, 'timed'))).slice(2);
  const median = (values: number[]) =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const wall = median(intervals.map((interval) => interval.wall));
  const cpu = median(intervals.map((interval) => interval.cpu));
  const heap = (tf.backend() as { wasm?: { HEAPU8: Uint8Array } }).wasm?.HEAPU8.length;
  console.log(`backend: ${report.name} (${report.reason})`);
  console.log(
    `${args.size} (V=${VOCAB}, b=${BATCH}, T=${LENGTH}) Trainer update, full loss: median ${wall.toFixed(1)} ms wall, ${cpu.toFixed(1)} ms CPU over ${intervals.length} updates`,
  );
  console.log(
    `peak tensor memory (2 updates, tf.profile): ${(profile.peakBytes / 2 ** 20).toFixed(1)} MiB`,
  );
  if (heap !== undefined) console.log(`wasm heap: ${(heap / 2 ** 20).toFixed(0)} MiB`);
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
