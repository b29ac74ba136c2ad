/**
 * Benchmark: one seq2seq training step (see seq2seq-step.ts) at two sizes on
 * the backends heed can train on without native TensorFlow, plus the
 * transposed and batched matmuls of a training step on their own:
 *
 * - `cpu`: the pure-JS reference every speed-up is measured against;
 * - `wasm (stock)`: tfjs-backend-wasm 4.22 as published (no UnsortedSegmentSum);
 * - `wasm (stock matmul)`: heed's UnsortedSegmentSum, stock BatchMatMul, 1 thread;
 * - `wasm (heed, 1 thread)` and `wasm (heed, N threads)`: `initBackend('wasm')`.
 *
 * Each configuration runs in its own process (the wasm module and its thread
 * count are fixed per process).
 *
 *   npm run bench            (build first: npx tsup)
 *   npx tsx bench/wasm-training.ts [--quick]     (--quick: the small size only, fewer steps)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { initBackend } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { createTrainer, type Seq2SeqSize } from './seq2seq-step';

const SIZES: Seq2SeqSize[] = [
  {
    name: 'small',
    batch: 16,
    sourceLength: 10,
    targetLength: 10,
    embedding: 64,
    hidden: 128,
    vocabulary: 1000,
  },
  {
    name: 'medium',
    batch: 32,
    sourceLength: 12,
    targetLength: 12,
    embedding: 128,
    hidden: 256,
    vocabulary: 2000,
  },
];

const MATMULS: {
  name: string;
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}[] = [
  {
    name: '[64x512]·[2000x512]ᵀ',
    a: [64, 512],
    b: [2000, 512],
    transposeA: false,
    transposeB: true,
  },
  { name: '[64x512]ᵀ·[64x2000]', a: [64, 512], b: [64, 2000], transposeA: true, transposeB: false },
  {
    name: '[64x2000]·[512x2000]ᵀ',
    a: [64, 2000],
    b: [512, 2000],
    transposeA: false,
    transposeB: true,
  },
  {
    name: '[512x256]ᵀ·[512x4000]',
    a: [512, 256],
    b: [512, 4000],
    transposeA: true,
    transposeB: false,
  },
  {
    name: '[32,16,256]·[32,16,256]ᵀ',
    a: [32, 16, 256],
    b: [32, 16, 256],
    transposeA: false,
    transposeB: true,
  },
  {
    name: '[32,16,16]ᵀ·[32,16,256]',
    a: [32, 16, 16],
    b: [32, 16, 256],
    transposeA: true,
    transposeB: false,
  },
];

const CONFIGS = [
  'cpu',
  'wasm-stock',
  'wasm-stock-matmul',
  'wasm-heed-1',
  'wasm-heed-threads',
] as const;
type Config = (typeof CONFIGS)[number];

interface StepResult {
  size: string;
  msPerStep?: number;
  loss?: number;
  error?: string;
}

interface ChildResult {
  label: string;
  steps: StepResult[];
  matmuls?: { name: string; stockMs: number; heedMs: number }[];
}

const quick = process.argv.includes('--quick');

async function median(fn: () => unknown, repeats: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((x, y) => x - y);
  return times[Math.floor(times.length / 2)] as number;
}

/** Swaps the wasm BatchMatMul registration, returning the one it replaced. */
function swapMatMul(config: tf.KernelConfig): tf.KernelConfig {
  const current = tf.getKernel('BatchMatMul', 'wasm') as tf.KernelConfig;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel(config);
  return current;
}

async function timeMatMuls(stock: tf.KernelConfig) {
  const rows = [];
  for (const { name, a, b, transposeA, transposeB } of MATMULS) {
    const x = tf.randomNormal(a, 0, 1, 'float32', 1);
    const y = tf.randomNormal(b, 0, 1, 'float32', 2);
    const once = async () => {
      const product = tf.matMul(x, y, transposeA, transposeB);
      await product.data();
      product.dispose();
    };
    await once();
    const heedMs = await median(once, 5);
    const heed = swapMatMul(stock);
    await once();
    const stockMs = await median(once, 3);
    swapMatMul(heed);
    rows.push({ name, stockMs, heedMs });
    tf.dispose([x, y]);
  }
  return rows;
}

async function setUp(config: Config): Promise<{ label: string; stockMatMul?: tf.KernelConfig }> {
  if (config === 'cpu') {
    await initBackend('cpu');
    return { label: 'cpu' };
  }
  // Import the package first so its stock kernels can be kept for comparison.
  await import('@tensorflow/tfjs-backend-wasm');
  const stockMatMul = tf.getKernel('BatchMatMul', 'wasm') as tf.KernelConfig;
  if (config === 'wasm-stock') {
    await initBackend('cpu'); // registers the gradients; then plain tfjs wasm
    await tf.setBackend('wasm');
    return { label: 'wasm (stock 4.22, 1 thread)' };
  }
  const report = await initBackend('wasm', config === 'wasm-heed-threads' ? {} : { threads: 1 });
  if (config === 'wasm-stock-matmul') {
    swapMatMul(stockMatMul);
    return { label: 'wasm (heed segment sum, stock matmul, 1 thread)' };
  }
  return {
    label: `wasm (heed, ${report.threads} thread${report.threads === 1 ? '' : 's'})`,
    stockMatMul,
  };
}

async function child(config: Config): Promise<ChildResult> {
  const { label, stockMatMul } = await setUp(config);
  const steps: StepResult[] = [];
  for (const size of quick ? SIZES.slice(0, 1) : SIZES) {
    const trainer = createTrainer(size);
    try {
      // The first step warms up; its loss is the same computation on every backend.
      const loss = await trainer.step();
      // The cpu backend takes tens of seconds per medium step (its UnsortedSegmentSum
      // runs one masked sum per vocabulary entry), so it gets fewer repeats.
      const repeats = config === 'cpu' ? (size.name === 'small' ? 3 : 1) : quick ? 3 : 5;
      const ms = await median(() => trainer.step(), repeats);
      steps.push({ size: size.name, msPerStep: ms, loss });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      steps.push({ size: size.name, error: message.split('\n')[0] as string });
    } finally {
      trainer.dispose();
    }
  }
  const matmuls = stockMatMul && !quick ? await timeMatMuls(stockMatMul) : undefined;
  return { label, steps, ...(matmuls ? { matmuls } : {}) };
}

function runChild(config: Config): ChildResult {
  const script = fileURLToPath(import.meta.url);
  const args = [...process.execArgv, script, '--child', config, ...(quick ? ['--quick'] : [])];
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as ChildResult;
  } catch {
    return {
      label: config,
      steps: [{ size: '?', error: `child failed: ${result.stderr.trim().split('\n').pop()}` }],
    };
  }
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

function printTables(results: ChildResult[]) {
  const cpu = results[0] as ChildResult;
  console.log(
    '\nSeq2seq training step (embedding, GRU encoder/decoder, Luong attention, softmax CE, Adam)',
  );
  for (const size of quick ? SIZES.slice(0, 1) : SIZES) {
    console.log(
      `\n${size.name}: batch ${size.batch}, S=T=${size.sourceLength}, E=${size.embedding}, H=${size.hidden}, V=${size.vocabulary}`,
    );
    console.log(
      `${pad('backend', 52)}${pad('ms/step', 12, true)}${pad('vs cpu', 10, true)}  first-step loss`,
    );
    const base = cpu.steps.find((s) => s.size === size.name)?.msPerStep;
    for (const result of results) {
      const step = result.steps.find((s) => s.size === size.name);
      if (step?.msPerStep === undefined) {
        console.log(
          `${pad(result.label, 52)}${pad('unsupported', 12, true)}${pad('—', 10, true)}  ${step?.error ?? ''}`,
        );
        continue;
      }
      const speedUp = base ? `${(base / step.msPerStep).toFixed(2)}×` : '—';
      console.log(
        `${pad(result.label, 52)}${pad(step.msPerStep.toFixed(1), 12, true)}${pad(speedUp, 10, true)}  ${step.loss?.toFixed(6)}`,
      );
    }
  }
  for (const result of results.filter((r) => r.matmuls)) {
    console.log(`\nMatmuls of a training step, ${result.label}: stock wasm BatchMatMul vs heed's`);
    console.log(
      `${pad('product', 30)}${pad('stock ms', 12, true)}${pad('heed ms', 12, true)}${pad('speed-up', 10, true)}`,
    );
    for (const row of result.matmuls ?? []) {
      console.log(
        `${pad(row.name, 30)}${pad(row.stockMs.toFixed(2), 12, true)}${pad(row.heedMs.toFixed(2), 12, true)}${pad(`${(row.stockMs / row.heedMs).toFixed(1)}×`, 10, true)}`,
      );
    }
  }
}

const childIndex = process.argv.indexOf('--child');
if (childIndex >= 0) {
  const result = await child(process.argv[childIndex + 1] as Config);
  console.log(JSON.stringify(result));
} else {
  const results = CONFIGS.map((config) => {
    process.stderr.write(`running ${config}…\n`);
    return runChild(config);
  });
  printTables(results);
}
