/**
 * Benchmark: PyTorch-layout products `x [N, in] · W [out, in]ᵀ`
 * (`tf.matMul(x, W, false, true)`, what `torchLinear` runs) against the plain
 * `x [N, in] · K [in, out]` on wasm, one thread, at step sizes (a decoding or
 * teacher-forced step: N = batch or beam rows) and batch sizes (all positions
 * of a batch at once):
 *
 * - `plain x·K`: the baseline, XNNPACK's GEMM with K packed once per tensor;
 * - `x·Wᵀ, W variable`: heed's `BatchMatMul` multiplies by W's cached
 *   transpose (made once per weight version, packed once);
 * - `x·Wᵀ, W tensor`: the same product with W a plain tensor (not cached), as
 *   every call paid before the cache: the kernel's planner transposes an
 *   operand per call.
 *
 *   npx tsx bench/transposed-matmul.ts [--repeats 50]
 */
import { parseArgs } from 'node:util';
import { initBackend } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '50' } } });
const REPEATS = Number(values.repeats);

const CASES: { name: string; rows: number; input: number; output: number }[] = [
  { name: 'step, GRU gates W-small', rows: 32, input: 128, output: 384 },
  { name: 'step, GRU gates W-base', rows: 64, input: 512, output: 1536 },
  { name: 'step, beam row', rows: 1, input: 512, output: 1536 },
  { name: 'step, output layer W-base', rows: 64, input: 512, output: 8000 },
  { name: 'batch, GRU inputs W-small', rows: 384, input: 128, output: 384 },
  { name: 'batch, GRU inputs W-base', rows: 1280, input: 256, output: 1536 },
  { name: 'batch, output layer W-small', rows: 384, input: 128, output: 2000 },
];

/** CPU milliseconds (user + system) since the process started. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Median CPU milliseconds of `fn` over `REPEATS` calls after two warm-up
 * calls. CPU time, not wall time: one wasm thread uses one core, and on a
 * shared machine CPU time is what other processes disturb least.
 */
async function median(fn: () => tf.Tensor): Promise<number> {
  const once = async () => {
    const start = cpuMs();
    const result = fn();
    await result.data();
    result.dispose();
    return cpuMs() - start;
  };
  await once();
  await once();
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) times.push(await once());
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const report = await initBackend('wasm', { threads: 1 });
console.log(`backend: ${report.name} (${report.reason})`);
console.log(`median CPU time of ${REPEATS} calls, ms\n`);
const header = ['product', '[N, in]·[out, in]ᵀ', 'plain x·K', 'x·Wᵀ, W variable', 'x·Wᵀ, W tensor'];
console.log(header.map((cell, i) => (i === 0 ? cell.padEnd(30) : cell.padStart(18))).join(''));
for (const { name, rows, input, output } of CASES) {
  const x = tf.randomNormal([rows, input], 0, 1, 'float32', 1);
  const kernel = tf.randomNormal([input, output], 0, 1, 'float32', 2);
  const weightValues = tf.randomNormal([output, input], 0, 1, 'float32', 3);
  // Its own data (a variable made from weightValues would share it, and so its cached copy).
  const weight = tf.variable(tf.randomNormal([output, input], 0, 1, 'float32', 3));
  const plain = await median(() => tf.matMul(x, kernel));
  const cached = await median(() => tf.matMul(x, weight, false, true));
  const uncached = await median(() => tf.matMul(x, weightValues, false, true));
  const cells = [
    name.padEnd(30),
    `[${rows}, ${input}]·[${output}, ${input}]ᵀ`.padStart(18),
    plain.toFixed(3).padStart(18),
    cached.toFixed(3).padStart(18),
    uncached.toFixed(3).padStart(18),
  ];
  console.log(cells.join(''));
  tf.dispose([x, kernel, weight, weightValues]);
}
