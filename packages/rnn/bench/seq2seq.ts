/**
 * RNN seq2seq benchmark (issue workloads), against the PyTorch peer
 * bench/peers/torch_seq2seq.py measured in the same run.
 *
 * GRU encoder + Bahdanau-attention GRU decoder (additive attention, query =
 * previous decoder state), output layer on the GRU output over all steps at
 * once, masked cross-entropy, Adam:
 *   W-small: vocab 2000, embed 128, GRU 128, decoder 128, attention 128, batch 32, length 12
 *   W-base:  vocab 8000, embed 256, bidirectional GRU 2×256, decoder 512, attention 512,
 *            batch 64, length 20
 * Measures training target tokens/s, greedy sentences/s (every sentence
 * decodes exactly `length` tokens) and peak RSS for heed on each backend and
 * for PyTorch, each configuration in its own process. heed's loss is the
 * projected cross-entropy of @heed/losses (`projectedCrossEntropy`); with
 * --losses the W-small wasm run is repeated with `maskedCrossEntropy` from
 * @heed/losses on the logits. With --sampled also training with sampled
 * softmax (W-base); with --beams 1,5,10 also beam-search sentences/s at
 * those widths (`beamSearch` from @heed/decoding against the peer's batched
 * PyTorch beam search, same fixed length); with --profile the per-kernel
 * profile of one heed training step.
 *
 * A backend written `wasm@1` runs with that many wasm threads (default
 * `--threads`, which PyTorch gets too). `--clock cpu` times every
 * measurement, heed's and PyTorch's, in CPU seconds of the process instead
 * of wall-clock seconds: on a machine others load, CPU time is what they
 * disturb least (compare one-thread runs only: with a thread pool CPU time
 * adds up every thread).
 *
 *   npx tsx bench/seq2seq.ts [--workloads small,base] [--backends wasm,wasm@1,cpu]
 *     [--steps 10] [--cpu-steps 2] [--repeats 3] [--threads 2]
 *     [--sampled] [--losses] [--beams 1,5,10] [--profile] [--no-peer] [--clock wall|cpu]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type BackendName, initBackend } from '@heed/core';
import { beamSearch, greedyDecode } from '@heed/decoding';
import {
  LogUniformSampler,
  maskedCrossEntropy,
  projectedCrossEntropy,
  sampledSoftmaxLoss,
} from '@heed/losses';
import * as tf from '@tensorflow/tfjs-core';
import { RnnSeq2Seq } from '../src/rnn-seq2seq';
import { WORKLOADS, workloadModelConfig } from './workloads';

type WorkloadName = keyof typeof WORKLOADS;

const { values: args } = parseArgs({
  options: {
    workloads: { type: 'string', default: 'small,base' },
    backends: { type: 'string', default: 'wasm,cpu' },
    steps: { type: 'string', default: '10' },
    'cpu-steps': { type: 'string', default: '2' },
    repeats: { type: 'string', default: '3' },
    threads: { type: 'string', default: '2' },
    sampled: { type: 'boolean', default: false },
    losses: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    beams: { type: 'string', default: '' },
    'no-peer': { type: 'boolean', default: false },
    clock: { type: 'string', default: 'wall' },
    child: { type: 'string' },
  },
});

interface Row {
  workload: WorkloadName;
  run: string;
  parameters: number;
  trainTokensPerSecond: number;
  greedySentencesPerSecond: number;
  /** Beam width → sentences/s. */
  beamSentencesPerSecond?: Record<string, number>;
  sampledTokensPerSecond?: number;
  peakRssMiB: number;
  profile?: { name: string; count: number; ms: number }[];
  stepMs?: number;
}

if (args.clock !== 'wall' && args.clock !== 'cpu') {
  throw new Error(`--clock must be wall or cpu. Received: ${args.clock}`);
}

/** Seconds on the clock `--clock` names: wall time, or this process's CPU time (user + system). */
function now(): number {
  if (args.clock === 'wall') return performance.now() / 1000;
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function seconds(fn: () => void, count: number): number {
  const start = now();
  for (let i = 0; i < count; i++) fn();
  return now() - start;
}

type LossKind = 'fused' | 'losses';

/** One workload on one backend (runs in a child process, so peak RSS is its own). */
async function measure(name: WorkloadName, spec: string, loss: LossKind): Promise<Row> {
  const size = WORKLOADS[name];
  const [backend, threads] = spec.split('@') as [BackendName, string?];
  const report = await initBackend(backend, { threads: Number(threads ?? args.threads) });
  const model = new RnnSeq2Seq(workloadModelConfig(size));
  const { batch: b, length: T } = size;
  const source = tf.randomUniform([b, T], 4, size.vocab, 'int32', 1) as tf.Tensor2D;
  const lengths = tf.fill([b], T, 'int32') as tf.Tensor1D;
  const target = tf.randomUniform([b, T], 4, size.vocab, 'int32', 2) as tf.Tensor2D;
  const targetInput = tf.concat(
    [tf.ones([b, 1], 'int32'), tf.slice(target, [0, 0], [b, T - 1])],
    1,
  ) as tf.Tensor2D;
  const optimizer = tf.train.adam(1e-3);
  const parameters = model.trainableParameters();
  const trainStep = () =>
    optimizer.minimize(
      () => {
        if (loss === 'losses') {
          const { logits } = model.forward(source, lengths, targetInput, { training: true });
          return maskedCrossEntropy(logits, target).loss as tf.Scalar;
        }
        const { hidden } = model.forwardHidden(source, lengths, targetInput, { training: true });
        return projectedCrossEntropy(hidden, target, model.outputProjection).loss as tf.Scalar;
      },
      false,
      parameters,
    );
  const steps = Number(backend === 'cpu' ? args['cpu-steps'] : args.steps);
  trainStep(); // warm-up: optimiser slots, wasm heap, XNNPACK operators
  const trainSeconds = seconds(trainStep, steps);

  let profile: Row['profile'];
  let stepMs: number | undefined;
  if (args.profile) {
    const start = performance.now();
    const info = await tf.profile(() => {
      trainStep();
    });
    stepMs = performance.now() - start;
    const byName = new Map<string, { name: string; count: number; ms: number }>();
    for (const kernel of info.kernels) {
      const entry = byName.get(kernel.name) ?? { name: kernel.name, count: 0, ms: 0 };
      entry.count++;
      entry.ms += Number(kernel.kernelTimeMs) || 0;
      byName.set(kernel.name, entry);
    }
    profile = [...byName.values()].sort((a, c) => c.ms - a.ms);
  }

  let sampledTokensPerSecond: number | undefined;
  if (args.sampled && name === 'base') {
    const sampler = new LogUniformSampler(size.vocab, { seed: 3 });
    const sampledStep = () =>
      optimizer.minimize(
        () => {
          const { hidden } = model.forwardHidden(source, lengths, targetInput, { training: true });
          return sampledSoftmaxLoss(hidden, target, model.outputProjection, {
            numSampled: 512,
            sampler,
          }).loss as tf.Scalar;
        },
        false,
        parameters,
      );
    sampledStep();
    sampledTokensPerSecond = (steps * b * T) / seconds(sampledStep, steps);
  }

  const fixedLength = { maxLength: T, minLength: T - 1 };
  const repeats = Number(backend === 'cpu' ? 1 : args.repeats);
  await greedyDecode(model, source, lengths, fixedLength);
  const greedyStart = now();
  for (let i = 0; i < repeats; i++) await greedyDecode(model, source, lengths, fixedLength);
  const greedySeconds = now() - greedyStart;
  const beamSentencesPerSecond: Record<string, number> = {};
  for (const k of beamWidths()) {
    const options = { ...fixedLength, beamSize: k };
    await beamSearch(model, source, lengths, options);
    const start = now();
    for (let i = 0; i < repeats; i++) await beamSearch(model, source, lengths, options);
    beamSentencesPerSecond[k] = (repeats * b) / (now() - start);
  }

  return {
    workload: name,
    run: `heed ${report.name}${report.threads ? ` (${report.threads} threads)` : ''}${loss === 'losses' ? ', losses.maskedCrossEntropy' : ''}`,
    parameters: model.parameterCount(),
    trainTokensPerSecond: (steps * b * T) / trainSeconds,
    greedySentencesPerSecond: (repeats * b) / greedySeconds,
    beamSentencesPerSecond,
    ...(sampledTokensPerSecond ? { sampledTokensPerSecond } : {}),
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    ...(profile ? { profile, stepMs } : {}),
  };
}

/** The beam widths asked for with --beams. */
function beamWidths(): number[] {
  return String(args.beams)
    .split(',')
    .filter((k) => k !== '')
    .map(Number);
}

function lastJsonLines(output: string): unknown[] {
  return output
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

function runChild(name: WorkloadName, backend: string, loss: LossKind): Row | undefined {
  const script = fileURLToPath(import.meta.url);
  const forwarded = ['steps', 'cpu-steps', 'repeats', 'threads', 'beams', 'clock'].flatMap(
    (key) => [`--${key}`, String(args[key as 'steps'])],
  );
  const flags = [
    ...(args.sampled && loss === 'fused' ? ['--sampled'] : []),
    ...(args.profile && loss === 'fused' ? ['--profile'] : []),
  ];
  const result = spawnSync(
    process.execPath,
    [...process.execArgv, script, '--child', `${name}:${backend}:${loss}`, ...forwarded, ...flags],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) {
    console.error(
      `heed ${backend} on ${name} failed: ${result.stderr.trim().split('\n').slice(-3).join(' / ')}`,
    );
    return undefined;
  }
  return lastJsonLines(result.stdout).pop() as Row;
}

/** The mean of two measurements of the same run (peak RSS: the larger). */
function meanRow(a: Row, b: Row): Row {
  const mean = (x: number, y: number) => (x + y) / 2;
  return {
    ...a,
    trainTokensPerSecond: mean(a.trainTokensPerSecond, b.trainTokensPerSecond),
    greedySentencesPerSecond: mean(a.greedySentencesPerSecond, b.greedySentencesPerSecond),
    beamSentencesPerSecond: Object.fromEntries(
      Object.entries(a.beamSentencesPerSecond ?? {}).map(([k, x]) => [
        k,
        mean(x, b.beamSentencesPerSecond?.[k] ?? x),
      ]),
    ),
    peakRssMiB: Math.max(a.peakRssMiB, b.peakRssMiB),
  };
}

function runPeer(name: WorkloadName): Row | undefined {
  const script = fileURLToPath(new URL('../../../bench/peers/torch_seq2seq.py', import.meta.url));
  const steps =
    name === 'base' ? Math.max(2, Math.round(Number(args.steps) / 2)) : Number(args.steps);
  const result = spawnSync(
    '/usr/bin/python3',
    [
      script,
      '--workloads',
      name,
      '--steps',
      String(steps),
      '--repeats',
      args.repeats as string,
      '--threads',
      args.threads as string,
      '--beams',
      args.beams as string,
      '--clock',
      args.clock as string,
    ],
    { env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' }, encoding: 'utf8' },
  );
  if (result.status !== 0) {
    console.error(
      `PyTorch peer failed (needs Debian python3-torch): ${result.stderr.trim().split('\n').pop()}`,
    );
    return undefined;
  }
  const peer = lastJsonLines(result.stdout).pop() as Row & { framework: string; threads: number };
  return { ...peer, run: `${peer.framework} (${peer.threads} threads)` };
}

if (args.child) {
  const [name, backend, loss] = args.child.split(':') as [WorkloadName, string, LossKind];
  console.log(JSON.stringify(await measure(name, backend, loss)));
} else {
  const loadBefore = (await import('node:os')).loadavg()[0]!;
  const rows: Row[] = [];
  const peers = new Map<WorkloadName, Row>();
  for (const name of String(args.workloads).split(',') as WorkloadName[]) {
    // The peer runs before and after heed and counts their mean, so a change in the
    // machine's load during the run weighs on both sides alike.
    const before = args['no-peer'] ? undefined : runPeer(name);
    for (const backend of String(args.backends).split(',')) {
      if (backend === 'cpu' && name === 'base') continue; // minutes per step: not measured
      const row = runChild(name, backend, 'fused');
      if (row) rows.push(row);
      if (args.losses && backend.startsWith('wasm') && name === 'small') {
        const lossesRow = runChild(name, backend, 'losses');
        if (lossesRow) rows.push(lossesRow);
      }
    }
    const after = args['no-peer'] ? undefined : runPeer(name);
    if (before && after) peers.set(name, meanRow(before, after));
  }
  const loadAfter = (await import('node:os')).loadavg()[0]!;
  const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  const ratio = (x: number | undefined, base: number | undefined) =>
    x !== undefined && base ? ` (${(x / base).toFixed(2)}×)` : '';
  console.log(
    `\nRNN seq2seq: GRU encoder + Bahdanau additive-attention GRU decoder, Adam. Per ${args.clock === 'cpu' ? 'CPU' : 'wall-clock'} second. Load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${(await import('node:os')).cpus().length} cores.\n`,
  );
  const widths = beamWidths();
  const beamCells = (r: Row, peer?: Row) =>
    widths.map((k) => {
      const x = r.beamSentencesPerSecond?.[k];
      return x === undefined
        ? ' — |'
        : ` ${fmt(x)}${ratio(x, peer?.beamSentencesPerSecond?.[k])} |`;
    });
  console.log(
    `| workload | run | params | train tok/s | sampled-softmax tok/s | greedy sent/s |${widths.map((k) => ` beam ${k} sent/s |`).join('')} peak RSS MiB |`,
  );
  console.log(`| --- | --- | --- | --- | --- | --- |${widths.map(() => ' --- |').join('')} --- |`);
  for (const name of String(args.workloads).split(',') as WorkloadName[]) {
    const peer = peers.get(name);
    for (const r of rows.filter((row) => row.workload === name)) {
      console.log(
        `| ${name} | ${r.run} | ${r.parameters} | ${fmt(r.trainTokensPerSecond)}${ratio(r.trainTokensPerSecond, peer?.trainTokensPerSecond)} | ${r.sampledTokensPerSecond ? `${fmt(r.sampledTokensPerSecond)}${ratio(r.sampledTokensPerSecond, peer?.trainTokensPerSecond)}` : '—'} | ${fmt(r.greedySentencesPerSecond)}${ratio(r.greedySentencesPerSecond, peer?.greedySentencesPerSecond)} |${beamCells(r, peer).join('')} ${fmt(r.peakRssMiB)} |`,
      );
    }
    if (peer) {
      console.log(
        `| ${name} | ${peer.run} | ${peer.parameters} | ${fmt(peer.trainTokensPerSecond)} | — | ${fmt(peer.greedySentencesPerSecond)} |${beamCells(peer).join('')} ${fmt(peer.peakRssMiB)} |`,
      );
    }
  }
  console.log(
    '\nRatios in parentheses: heed / PyTorch (sampled softmax against PyTorch full softmax); PyTorch is the mean of a run before heed and one after.',
  );
  for (const r of rows.filter((row) => row.profile)) {
    const total = r.profile!.reduce((sum, k) => sum + k.ms, 0);
    const count = r.profile!.reduce((sum, k) => sum + k.count, 0);
    console.log(
      `\nProfile of one training step, ${r.workload}, ${r.run}: ${fmt(r.stepMs ?? 0)} ms wall, ${count} kernels, ${fmt(total)} ms inside kernels`,
    );
    console.log('| kernel | count | ms |');
    console.log('| --- | --- | --- |');
    for (const k of r.profile!.slice(0, 12))
      console.log(`| ${k.name} | ${k.count} | ${fmt(k.ms)} |`);
  }
}
