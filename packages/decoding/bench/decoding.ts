/**
 * Decoding throughput on a synthetic GRU + dot-attention model built from
 * plain tf ops (bench/synthetic-model.ts): greedy, beam 1, 5 and 10 in
 * sentences/s, each against a baseline measured in the same run: the bare
 * loop of `model.step` calls on the same rows (next token by `tf.argMax` on
 * the device, beams reordered by `model.reorder`, no reads until the end),
 * i.e. the model's own cost. The difference per step is what the decoder adds
 * (scores, candidate selection, bookkeeping, the per-step read).
 * A naive greedy loop that reads the full `[b, V]` logits every step shows
 * what keeping the choice on the device saves. When /usr/bin/python3 has
 * torch, bench/torch_synthetic.py runs the same model shape, greedy and beam,
 * in the same run (2 threads), for a PyTorch column.
 *
 *   npx tsx bench/decoding.ts [--backend cpu|wasm] [--sentences 32] [--steps 30]
 *                             [--units 256] [--vocab 8000] [--source-length 20] [--repeats 5]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { disposeTree, gatherRows, type Seq2SeqModel } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { beamSearch, greedyDecode } from '../src/index';
import { SyntheticModel } from './synthetic-model';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) {
  args.set(process.argv[i]?.replace(/^--/, '') ?? '', process.argv[i + 1] ?? '');
}
const option = (name: string, fallback: number) => Number(args.get(name) ?? fallback);
const backend = args.get('backend') ?? 'wasm';
const sentences = option('sentences', 32);
const steps = option('steps', 30);
const units = option('units', 256);
const vocab = option('vocab', 8000);
const sourceLength = option('source-length', 20);
const repeats = option('repeats', 5);

await tf.setBackend(backend);
await tf.ready();

const model = new SyntheticModel({ vocabSize: vocab, units, seed: 1 });
const source = tf.tidy(() =>
  tf.cast(tf.randomUniform([sentences, sourceLength], 4, vocab, 'float32', 3), 'int32'),
) as tf.Tensor2D;
const sourceLengths = tf.tensor1d(
  Array.from({ length: sentences }, (_, i) => sourceLength - (i % 5)),
  'int32',
);

/**
 * Median wall times (ms) of `baseline` and `candidate`, run alternately
 * `repeats` times after one warm-up each, so machine noise hits both alike.
 */
async function timePair(
  baseline: () => Promise<unknown>,
  candidate: () => Promise<unknown>,
): Promise<[number, number]> {
  await baseline();
  await candidate();
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < repeats; i++) {
    for (const [index, run] of [baseline, candidate].entries()) {
      const start = performance.now();
      await run();
      times[index]?.push(performance.now() - start);
    }
  }
  const median = (values: number[]) =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  return [median(times[0]), median(times[1])];
}

/** The model alone: encode (tiled for k beams), then `steps` steps with on-device arg-max and a reorder. */
async function bareLoop(m: Seq2SeqModel, copies: number): Promise<void> {
  const rows = sentences * copies;
  const tile = tf.tensor1d(
    Array.from({ length: rows }, (_, r) => Math.floor(r / copies)),
    'int32',
  );
  const encoded = tf.tidy(() => {
    const base = m.encode(source, sourceLengths);
    return (copies === 1 ? base : gatherRows(base, tile)) as unknown as tf.TensorContainer;
  }) as unknown as ReturnType<Seq2SeqModel['encode']>;
  let state = encoded.initialState;
  let previous = tf.fill([rows], 1, 'int32') as tf.Tensor1D;
  const shuffle = tf.tensor1d(
    Array.from({ length: rows }, (_, r) => r - (r % copies)),
    'int32',
  );
  for (let t = 0; t < steps; t++) {
    const out = tf.tidy(() => {
      const result = m.step(previous, state, encoded);
      const next = tf.argMax(result.logits, 1);
      const nextState = copies === 1 ? result.state : m.reorder(result.state, shuffle);
      return { next, state: nextState } as unknown as tf.TensorContainer;
    }) as unknown as { next: tf.Tensor1D; state: typeof state };
    if (t > 0) disposeTree(state);
    previous.dispose();
    previous = out.next;
    state = out.state;
  }
  await previous.data();
  disposeTree([state, previous, shuffle, tile, encoded]);
}

/** Greedy decoding that reads the full logits back every step and picks in JavaScript. */
async function naiveGreedy(m: Seq2SeqModel): Promise<void> {
  const encoded = tf.tidy(
    () => m.encode(source, sourceLengths) as unknown as tf.TensorContainer,
  ) as unknown as ReturnType<Seq2SeqModel['encode']>;
  let state = encoded.initialState;
  let previous = tf.fill([sentences], 1, 'int32') as tf.Tensor1D;
  for (let t = 0; t < steps; t++) {
    const out = tf.tidy(() => {
      const result = m.step(previous, state, encoded);
      return {
        logits: tf.logSoftmax(result.logits),
        state: result.state,
      } as unknown as tf.TensorContainer;
    }) as unknown as { logits: tf.Tensor2D; state: typeof state };
    const values = await out.logits.data();
    const next = new Int32Array(sentences);
    for (let row = 0; row < sentences; row++) {
      let best = 0;
      for (let v = 1; v < vocab; v++) {
        if ((values[row * vocab + v] ?? 0) > (values[row * vocab + best] ?? 0)) best = v;
      }
      next[row] = best;
    }
    out.logits.dispose();
    if (t > 0) disposeTree(state);
    state = out.state;
    previous.dispose();
    previous = tf.tensor1d(next, 'int32');
  }
  disposeTree([state, previous, encoded]);
}

/** Milliseconds per call of the PyTorch peer, by decoder, or undefined without torch. */
function torchPeer(): Record<string, number> | undefined {
  const script = fileURLToPath(new URL('./torch_synthetic.py', import.meta.url));
  const flags = Object.entries(defaults).flatMap(([name, value]) => [`--${name}`, String(value)]);
  const run = spawnSync('/usr/bin/python3', [script, ...flags], {
    encoding: 'utf8',
    env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' },
  });
  if (run.status !== 0) return undefined;
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}');
}

const defaults: Record<string, number> = {
  sentences,
  steps,
  units,
  vocab,
  'source-length': sourceLength,
  repeats,
};
const peer = torchPeer();
const rows: string[][] = [];
const report = (name: string, decoderMs: number, baselineMs: number, peerKey?: string) => {
  const peerMs = peerKey ? peer?.[peerKey] : undefined;
  rows.push([
    name,
    ((sentences * 1000) / decoderMs).toFixed(1),
    ((sentences * 1000) / baselineMs).toFixed(1),
    (baselineMs / decoderMs).toFixed(2),
    ((decoderMs - baselineMs) / steps).toFixed(2),
    peerMs ? ((sentences * 1000) / peerMs).toFixed(1) : '-',
    peerMs ? (peerMs / decoderMs).toFixed(2) : '-',
  ]);
};

const options = { maxLength: steps };
const greedy = await timePair(
  () => bareLoop(model, 1),
  () => greedyDecode(model, source, sourceLengths, options),
);
report('greedyDecode', greedy[1], greedy[0], 'greedy');
const naive = await timePair(
  () => bareLoop(model, 1),
  () => naiveGreedy(model),
);
report('naive greedy (full logits read per step)', naive[1], naive[0]);
for (const beamSize of [1, 5, 10]) {
  const [bare, decoder] = await timePair(
    () => bareLoop(model, beamSize),
    () => beamSearch(model, source, sourceLengths, { ...options, beamSize }),
  );
  report(`beamSearch k=${beamSize}`, decoder, bare, `beam${beamSize}`);
}

const numTensors = tf.memory().numTensors;
await greedyDecode(model, source, sourceLengths, options);
await beamSearch(model, source, sourceLengths, { ...options, beamSize: 5 });
const leaked = tf.memory().numTensors - numTensors;

console.log(
  `backend ${tf.getBackend()}, b=${sentences}, S=${sourceLength}, steps=${steps}, H=${units}, V=${vocab}, median of ${repeats}`,
);
const header = [
  'decoder',
  'sentences/s',
  'bare model loop sent/s',
  'vs bare',
  'overhead ms/step',
  'PyTorch sent/s',
  'vs PyTorch',
];
const widths = header.map((title, i) =>
  Math.max(title.length, ...rows.map((row) => row[i]?.length ?? 0)),
);
const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const row of rows) console.log(line(row));
console.log(`tensors leaked by one greedy + one beam-5 call: ${leaked}`);
if (!peer) console.log('PyTorch peer skipped (/usr/bin/python3 with torch not found or failed)');
disposeTree([source, sourceLengths]);
model.dispose();
