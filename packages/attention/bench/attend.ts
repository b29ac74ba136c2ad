/**
 * Benchmark: `attend` for one decoder step (T = 1) and for full teacher-forced
 * attention (T = S), every variant, on the cpu and wasm backends, with the
 * keys prepared once. Prints per-call time, kernels and tensors per call, and
 * two baselines measured in the same run: preparing from scratch at every
 * step (what hoisting saves) and the PyTorch peer `attend_peer.py` (same
 * variants, sizes and hoisting; 2 threads), when /usr/bin/python3 has torch.
 *
 *   npx tsx bench/attend.ts [--quick]     (--quick: b = 8, S = 20, d = 64)
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectTensors, disposeTree } from '@heed/core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { attentionOptionSchema, attentionTypes, createAttention } from '../src/index';

const quick = process.argv.includes('--quick');
const [b, S, d] = quick ? [8, 20, 64] : [64, 50, 256];
/** Sizes of the variants that have them; each variant takes those its schema names. */
const SHARED_OPTIONS = { heads: 8, window: 10 };
const here = dirname(fileURLToPath(import.meta.url));

interface Row {
  backend: string;
  variant: string;
  prepareMs: number;
  stepMs: number;
  scratchStepMs: number;
  fullMs: number;
  stepKernels: number;
  stepTensors: number;
  stepNewTensors: number;
  fullKernels: number;
}

async function timeCalls(fn: () => unknown, repeats: number): Promise<number> {
  const run = async () => {
    const out = fn();
    const tensors = collectTensors(out);
    await Promise.all(tensors.map((t) => t.data()));
    tf.dispose(tensors);
  };
  await run(); // warm-up (kernel compilation, buffer pools)
  const start = performance.now();
  for (let i = 0; i < repeats; i++) await run();
  return (performance.now() - start) / repeats;
}

/** Kernels run, tensors they allocated, and tensors still alive after one call. */
async function countCall(fn: () => unknown) {
  let kept: tf.Tensor[] = [];
  const info = await tf.profile(() => {
    const out = fn();
    kept = collectTensors(out);
    return kept;
  });
  tf.dispose(kept);
  const allocated = info.kernels.reduce((sum, kernel) => sum + kernel.outputShapes.length, 0);
  return { kernels: info.kernels.length, allocated, newTensors: info.newTensors };
}

async function benchBackend(backend: string): Promise<Row[]> {
  await tf.setBackend(backend);
  await tf.ready();
  const rows: Row[] = [];
  for (const type of attentionTypes()) {
    const schema = attentionOptionSchema(type);
    const options = Object.entries(SHARED_OPTIONS).filter(([name]) => Object.hasOwn(schema, name));
    const attention = createAttention({
      type,
      queryDim: d,
      keyDim: d,
      valueDim: d,
      seed: 1,
      ...Object.fromEntries(options),
    });
    const keys = tf.randomNormal([b, S, d], 0, 1, 'float32', 1) as tf.Tensor3D;
    const values = tf.randomNormal([b, S, d], 0, 1, 'float32', 2) as tf.Tensor3D;
    const lengths = tf.randomUniform([b], S / 2, S + 1, 'int32', 3) as tf.Tensor1D;
    const step = tf.randomNormal([b, 1, d], 0, 1, 'float32', 4) as tf.Tensor3D;
    const full = tf.randomNormal([b, S, d], 0, 1, 'float32', 5) as tf.Tensor3D;
    const memory = attention.prepare(keys, values, undefined, lengths);
    const heavy = ['additive', 'concat'].includes(type);
    const before = tf.memory().numTensors;
    const prepareMs = await timeCalls(() => attention.prepare(keys, values, undefined, lengths), 3);
    const stepMs = await timeCalls(() => attention.attend(step, memory), heavy ? 10 : 30);
    const scratchStepMs = await timeCalls(
      () => {
        const fresh = attention.prepare(keys, values, undefined, lengths);
        const result = attention.attend(step, fresh);
        disposeTree(fresh);
        return result;
      },
      heavy ? 5 : 10,
    );
    const fullMs = await timeCalls(() => attention.attend(full, memory), heavy ? 2 : 5);
    const stepCount = await countCall(() => attention.attend(step, memory));
    const fullCount = await countCall(() => attention.attend(full, memory));
    if (tf.memory().numTensors !== before) {
      throw new Error(`${type} on ${backend}: ${tf.memory().numTensors - before} tensors leaked`);
    }
    rows.push({
      backend,
      variant: type,
      prepareMs,
      stepMs,
      scratchStepMs,
      fullMs,
      stepKernels: stepCount.kernels,
      stepTensors: stepCount.allocated,
      stepNewTensors: stepCount.newTensors,
      fullKernels: fullCount.kernels,
    });
    disposeTree([memory, keys, values, lengths, step, full]);
    attention.dispose();
    process.stderr.write(`  ${backend} ${type} done\n`);
  }
  return rows;
}

function pytorchPeer(): Record<string, Record<string, number>> | undefined {
  try {
    const output = execFileSync(
      '/usr/bin/python3',
      [join(here, 'attend_peer.py'), String(b), String(S), String(d)],
      { env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' }, encoding: 'utf8' },
    );
    return JSON.parse(output) as Record<string, Record<string, number>>;
  } catch (error) {
    process.stderr.write(`PyTorch peer unavailable: ${(error as Error).message.split('\n')[0]}\n`);
    return undefined;
  }
}

const format = (ms: number | undefined) => (ms === undefined ? 'n/a' : ms.toFixed(2));

async function main() {
  const wasmDir = dirname(
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json'),
  );
  setWasmPaths(`${join(wasmDir, 'dist')}/`);
  process.stderr.write(`attend benchmark: b=${b}, S=${S}, d=${d} (dq = dk = dv = units)\n`);
  const peer = pytorchPeer();
  const rows = [...(await benchBackend('cpu')), ...(await benchBackend('wasm'))];
  console.log(
    `\n@heed/attention attend, b=${b}, S=${S}, d=${d}, heads=8, window=10 (ms per call)\n`,
  );
  console.log(
    '| backend | variant | prepare | T=1 step | T=1 from scratch | T=S | torch T=1 | torch T=S | kernels T=1 | tensors alloc. T=1 | tensors kept T=1 | kernels T=S |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const torch = peer?.[row.variant];
    console.log(
      `| ${row.backend} | ${row.variant} | ${format(row.prepareMs)} | ${format(row.stepMs)} | ${format(row.scratchStepMs)} | ${format(row.fullMs)} | ${format(torch?.['T=1'])} | ${format(torch?.['T=S'])} | ${row.stepKernels} | ${row.stepTensors} | ${row.stepNewTensors} | ${row.fullKernels} |`,
    );
  }
}

await main();
