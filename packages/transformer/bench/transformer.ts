/**
 * Transformer benchmark (issue workload): d = 256, 3+3 layers, 4 heads, FF
 * 1024, vocab 8000, batch 64, length 20. Measures training target tokens/s and
 * greedy / beam-5 sentences/s with and without the key/value cache on each
 * requested backend, then runs the PyTorch nn.Transformer peer
 * (bench/peers/torch_transformer.py) in the same run and prints the ratios.
 *
 *   npx tsx bench/transformer.ts [--backends wasm,cpu] [--steps 10] [--repeats 2] [--no-peer]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type BackendName, initBackend } from '@heed/core';
import { beamSearch, greedyDecode } from '@heed/decoding';
import { maskedCrossEntropy } from '@heed/losses';
import * as tf from '@tensorflow/tfjs-core';
import { Transformer } from '../src/transformer';
import { UncachedDecoder } from './uncached-decoder';

const { values: args } = parseArgs({
  options: {
    backends: { type: 'string', default: 'wasm' },
    steps: { type: 'string', default: '10' },
    repeats: { type: 'string', default: '2' },
    'no-peer': { type: 'boolean', default: false },
  },
});
const SIZE = { vocab: 8000, d: 256, heads: 4, layers: 3, ff: 1024, batch: 64, length: 20 };
const steps = Number(args.steps);
const repeats = Number(args.repeats);

function randomTokens(seed: number, b: number, t: number): tf.Tensor2D {
  return tf.randomUniform([b, t], 4, SIZE.vocab, 'int32', seed) as tf.Tensor2D;
}

function timeIt(fn: () => void, count: number): number {
  fn(); // warm-up (kernels, optimizer slots, wasm heap)
  const start = performance.now();
  for (let i = 0; i < count; i++) fn();
  return (performance.now() - start) / 1000;
}

async function timeAsync(fn: () => Promise<unknown>, count: number): Promise<number> {
  await fn();
  const start = performance.now();
  for (let i = 0; i < count; i++) await fn();
  return (performance.now() - start) / 1000;
}

async function measure(backend: BackendName) {
  const report = await initBackend(backend);
  const model = new Transformer({
    sourceVocabSize: SIZE.vocab,
    targetVocabSize: SIZE.vocab,
    modelDim: SIZE.d,
    heads: SIZE.heads,
    encoderLayers: SIZE.layers,
    decoderLayers: SIZE.layers,
    feedForwardDim: SIZE.ff,
    dropout: 0.1,
    seed: 0,
  });
  const { batch: b, length: T } = SIZE;
  const source = randomTokens(1, b, T);
  const lengths = tf.fill([b], T, 'int32') as tf.Tensor1D;
  const target = randomTokens(2, b, T);
  const targetInput = tf.concat(
    [tf.ones([b, 1], 'int32'), tf.slice(target, [0, 0], [b, T - 1])],
    1,
  ) as tf.Tensor2D;
  const optimizer = tf.train.adam(1e-4);
  const trainSeconds = timeIt(() => {
    optimizer.minimize(
      () => {
        const { logits } = model.forward(source, lengths, targetInput, { training: true });
        return maskedCrossEntropy(logits, target).loss as tf.Scalar;
      },
      false,
      model.trainableParameters(),
    );
  }, steps);
  const fixedLength = { maxLength: T, minLength: T - 1 }; // every sentence decodes exactly T steps
  const uncached = new UncachedDecoder(model);
  const rate = async (fn: () => Promise<unknown>) => (repeats * b) / (await timeAsync(fn, repeats));
  const row = {
    backend: report.name + (report.threads ? ` (${report.threads} threads)` : ''),
    parameters: model.parameterCount(),
    trainTokensPerSecond: (steps * b * T) / trainSeconds,
    greedyCached: await rate(() => greedyDecode(model, source, lengths, fixedLength)),
    greedyUncached: await rate(() => greedyDecode(uncached, source, lengths, fixedLength)),
    beam5Cached: await rate(() =>
      beamSearch(model, source, lengths, { ...fixedLength, beamSize: 5 }),
    ),
    beam5Uncached: await rate(() =>
      beamSearch(uncached, source, lengths, { ...fixedLength, beamSize: 5 }),
    ),
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  tf.dispose([source, lengths, target, targetInput]);
  optimizer.dispose();
  model.dispose();
  return row;
}

function runPeer() {
  const script = fileURLToPath(
    new URL('../../../bench/peers/torch_transformer.py', import.meta.url),
  );
  const result = spawnSync(
    '/usr/bin/python3',
    [script, '--steps', String(steps), '--repeats', String(repeats)],
    {
      env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' },
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) {
    console.error(
      `PyTorch peer failed (needs Debian python3-torch): ${result.stderr.trim().split('\n').pop()}`,
    );
    return undefined;
  }
  return JSON.parse(result.stdout.trim().split('\n').pop() as string);
}

const rows = [];
for (const backend of String(args.backends).split(','))
  rows.push(await measure(backend as BackendName));
const peer = args['no-peer'] ? undefined : runPeer();

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const ratio = (x: number, base?: number) => (base ? ` (${(x / base).toFixed(2)}×)` : '');
console.log(
  `\nTransformer d=${SIZE.d}, ${SIZE.layers}+${SIZE.layers} layers, ${SIZE.heads} heads, FF ${SIZE.ff}, vocab ${SIZE.vocab}, batch ${SIZE.batch}, length ${SIZE.length}\n`,
);
console.log(
  '| run | params | train tok/s | greedy sent/s (cache) | greedy (no cache) | beam-5 sent/s (cache) | beam-5 (no cache) | peak RSS MiB |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  console.log(
    `| heed ${r.backend} | ${r.parameters} | ${fmt(r.trainTokensPerSecond)}${ratio(r.trainTokensPerSecond, peer?.trainTokensPerSecond)} | ${fmt(r.greedyCached)}${ratio(r.greedyCached, peer?.greedySentencesPerSecond)} | ${fmt(r.greedyUncached)} | ${fmt(r.beam5Cached)}${ratio(r.beam5Cached, peer?.beam5SentencesPerSecond)} | ${fmt(r.beam5Uncached)} | ${fmt(r.peakRssMiB)} |`,
  );
}
if (peer) {
  console.log(
    `| ${peer.framework} (${peer.threads} threads) | ${peer.parameters} | ${fmt(peer.trainTokensPerSecond)} | — | ${fmt(peer.greedySentencesPerSecond)} | — | ${fmt(peer.beam5SentencesPerSecond)} | ${fmt(peer.peakRssMiB)} |`,
  );
}
console.log(
  '\nRatios in parentheses: heed / PyTorch. PyTorch nn.Transformer has no cache, so its decoders re-run the prefix.',
);
