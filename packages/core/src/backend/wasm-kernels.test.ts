import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../node/init-backend';
import { expectTensorsClose } from '../testing';
import { describeMatMul, planMatMul } from './matmul-plan';
import { memoryOffset, type WasmBackend } from './wasm-internals';
import { TransposedWeights } from './wasm-transposed-weights';

// Each case builds the same inputs on wasm and on cpu (the reference) and
// compares the results; the suite ends on cpu, as every other test expects.
// One thread, so that small products take every path of the kernel (with a
// pool, per-batch GEMMs are kept for larger products); init-backend.test.ts
// checks the threaded build.

interface Data {
  shape: number[];
  values: Float32Array | Int32Array;
  dtype: 'float32' | 'int32';
}

/** Runs `fn` on `backend` from plain data and returns its result as plain data. */
async function run(
  backend: 'wasm' | 'cpu',
  inputs: Data[],
  fn: (...tensors: tf.Tensor[]) => tf.Tensor,
): Promise<tf.Tensor> {
  await tf.setBackend(backend);
  const tensors = inputs.map((input) => tf.tensor(input.values, input.shape, input.dtype));
  const result = fn(...tensors);
  const copy = tf.tensor(await result.data(), result.shape, result.dtype);
  tf.dispose([...tensors, result]);
  return copy;
}

async function compare(
  inputs: Data[],
  fn: (...tensors: tf.Tensor[]) => tf.Tensor,
  tolerance: { atol: number; rtol?: number } = { atol: 1e-5 },
) {
  const wasm = await run('wasm', inputs, fn);
  const cpu = await run('cpu', inputs, fn);
  try {
    expectTensorsClose(wasm, cpu, tolerance);
  } finally {
    tf.dispose([wasm, cpu]);
  }
}

function floats(shape: number[], seed: number): Data {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    values[i] = state / 2 ** 31 - 1;
  }
  return { shape, values, dtype: 'float32' };
}

let dataIdsBefore = 0;

beforeAll(async () => {
  const report = await initBackend('wasm', { threads: 1 });
  expect(report.name).toBe('wasm');
  dataIdsBefore = (tf.backend() as WasmBackend).numDataIds();
  await tf.setBackend('cpu');
});

afterAll(async () => {
  await tf.setBackend('wasm');
  // Views and temporaries are released: the wasm backend holds what it held before.
  expect((tf.backend() as WasmBackend).numDataIds()).toBe(dataIdsBefore);
  await tf.setBackend('cpu');
});

describe('UnsortedSegmentSum on wasm', () => {
  it('matches cpu with duplicate and out-of-range ids', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom([], [3], [2, 4]),
        fc.integer({ min: 1, max: 8 }),
        fc.integer(),
        fc.array(fc.integer({ min: -3, max: 11 }), { minLength: 30, maxLength: 30 }),
        async (rows, rowShape, numSegments, seed, idPool) => {
          const x = floats([rows, ...rowShape], seed);
          const ids: Data = {
            shape: [rows],
            values: Int32Array.from(idPool.slice(0, rows)),
            dtype: 'int32',
          };
          await compare([x, ids], (values, segmentIds) =>
            tf.unsortedSegmentSum(values as tf.Tensor, segmentIds as tf.Tensor1D, numSegments),
          );
        },
      ),
      { numRuns: 40, seed: 7 },
    );
  });

  it('sums int32 values into float32, as cpu does', async () => {
    const x: Data = { shape: [4], values: Int32Array.from([1, 2, 3, 4]), dtype: 'int32' };
    const ids: Data = { shape: [4], values: Int32Array.from([0, -1, 5, 0]), dtype: 'int32' };
    const wasm = await run('wasm', [x, ids], (v, s) =>
      tf.unsortedSegmentSum(v as tf.Tensor, s as tf.Tensor1D, 3),
    );
    expectTensorsClose(wasm, [5, 0, 0], { dtype: 'float32' });
    wasm.dispose();
  });

  it('gives the gradient of an embedding lookup', async () => {
    const table = floats([6, 4], 3);
    const ids: Data = {
      shape: [2, 3],
      values: Int32Array.from([1, 4, 1, 0, 1, 5]),
      dtype: 'int32',
    };
    const upstream = floats([2, 3, 4], 5);
    await compare([table, ids, upstream], (t, i, dy) =>
      tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.gather(w, i as tf.Tensor), dy as tf.Tensor)))(
        t as tf.Tensor,
      ),
    );
  });
});

describe('Identity on wasm', () => {
  it('shares the data of its input, which lives until the last tensor holding it is disposed', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as WasmBackend;
    const bytesBefore = tf.memory().numBytes;
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const copy = x.clone();
    expect(memoryOffset(backend, copy)).toBe(memoryOffset(backend, x));
    expect(tf.memory().numBytes - bytesBefore).toBe(2 * 6 * 4); // counted per tensor, stored once
    x.dispose();
    expect(Array.from(await copy.data())).toEqual([1, 2, 3, 4, 5, 6]);
    copy.dispose();
    expect(tf.memory().numBytes).toBe(bytesBefore);
    await tf.setBackend('cpu');
  });

  it('keeps what a kernel saves for its gradient: the gradients match cpu', async () => {
    const x = floats([3, 5], 11);
    const w = floats([5, 4], 12);
    await compare([x, w], (a, b) =>
      tf.tidy(() => {
        const grads = tf.grads((p: tf.Tensor, q: tf.Tensor) =>
          tf.sum(tf.square(tf.tanh(tf.matMul(p, q)))),
        )([a as tf.Tensor, b as tf.Tensor]);
        return tf.concat(grads.map((g) => tf.reshape(g, [-1])));
      }),
    );
  });
});

describe('Sum on wasm', () => {
  it('matches cpu over leading axes, other axes, with and without keepDims', async () => {
    const x = floats([3, 4, 5], 21);
    for (const axis of [0, [0, 1], [1, 0], 1, 2, [0, 2], [0, 1, 2]]) {
      for (const keepDims of [false, true]) {
        await compare([x], (t) => tf.sum(t as tf.Tensor, axis, keepDims));
      }
    }
  });

  it("gives a bias's gradient", async () => {
    const x = floats([6, 4], 22);
    const bias = floats([4], 23);
    await compare([x, bias], (a, b) =>
      tf.grad((c: tf.Tensor) => tf.sum(tf.square(tf.add(a as tf.Tensor, c))))(b as tf.Tensor),
    );
  });
});

describe('GatherV2 on wasm', () => {
  it('matches cpu along every axis, with repeated ids and index tensors of any rank', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Slices of up to 16 values are copied value by value, longer ones as blocks.
        fc.constantFrom<number[]>([5], [4, 3], [3, 5, 2], [2, 3, 4, 2], [6, 24], [3, 4, 18]),
        fc.nat(),
        fc.constantFrom<number[]>([0], [7], [2, 3]),
        fc.constantFrom('float32' as const, 'int32' as const),
        fc.nat(),
        async (shape, axisSeed, indexShape, dtype, seed) => {
          const axis = axisSeed % shape.length;
          const size = indexShape.reduce((a, b) => a * b, 1);
          const x = floats(shape, seed);
          const data: Data =
            dtype === 'int32'
              ? { ...x, dtype, values: Int32Array.from(x.values, (v) => Math.round(v * 1000)) }
              : x;
          const ids: Data = {
            shape: indexShape,
            values: Int32Array.from(
              { length: size },
              (_, i) => (i * 7 + seed) % (shape[axis] ?? 1),
            ),
            dtype: 'int32',
          };
          await compare([data, ids], (values, indices) =>
            tf.gather(values as tf.Tensor, indices as tf.Tensor, axis),
          );
        },
      ),
      { numRuns: 40, seed: 5 },
    );
  });

  it('matches cpu with batch dimensions, each row picking its own entries', async () => {
    // x's shape, batchDims, the gathered axis, and the shape of the picks after the batch dims.
    const cases: [number[], number, number, number[]][] = [
      [[32, 50], 1, 1, [10]], // beam search's candidate tokens
      [[6, 9], 1, 1, [1]], // sampling's chosen logits
      [[3, 4, 5], 1, 2, [2, 3]],
      [[2, 3, 4, 2], 1, 2, [5]],
      [[2, 3, 4, 2], 2, 2, [4]],
      [[2, 3, 4, 2], 1, 3, [1]],
    ];
    for (const [shape, batchDims, axis, picks] of cases) {
      for (const dtype of ['float32', 'int32'] as const) {
        const x = floats(shape, axis);
        const data: Data =
          dtype === 'int32'
            ? { ...x, dtype, values: Int32Array.from(x.values, (v) => Math.round(v * 1000)) }
            : x;
        const indexShape = [...shape.slice(0, batchDims), ...picks];
        const size = indexShape.reduce((a, b) => a * b, 1);
        const ids: Data = {
          shape: indexShape,
          values: Int32Array.from({ length: size }, (_, i) => (i * 7 + 3) % (shape[axis] ?? 1)),
          dtype: 'int32',
        };
        await compare([data, ids], (values, indices) =>
          tf.gather(values as tf.Tensor, indices as tf.Tensor, axis, batchDims),
        );
      }
    }
  });

  it('gathers bool values', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor2d([true, false, false, true, true, true], [3, 2], 'bool');
    const indices = tf.tensor1d([2, 0, 2], 'int32');
    const picked = tf.gather(x, indices);
    expect(picked.dtype).toBe('bool');
    expect(picked.arraySync()).toEqual([
      [1, 1],
      [1, 0],
      [1, 1],
    ]);
    tf.dispose([x, indices, picked]);
    await tf.setBackend('cpu');
  });

  it('leaves an index out of range to the stock kernel, which rejects it', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([3, 2]);
    const indices = tf.tensor1d([0, 3], 'int32');
    try {
      expect(() => tf.gather(x, indices)).toThrow(/not in \[0, 2\]/);
    } finally {
      tf.dispose([x, indices]);
      await tf.setBackend('cpu');
    }
  });
});

type Combo = [boolean, boolean];
const COMBOS: Combo[] = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];

function operandShape(outer: number[], rows: number, cols: number, transpose: boolean) {
  return [...outer, ...(transpose ? [cols, rows] : [rows, cols])];
}

describe('BatchMatMul on wasm', () => {
  it('matches cpu on all four transpose combinations, batched and broadcast', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...COMBOS),
        fc.constantFrom<[number[], number[]]>(
          [[], []],
          [[3], [3]],
          [
            [2, 3],
            [2, 3],
          ],
          [[4], []],
          [[], [4]],
          [[1], [3]],
          [[2, 3], [3]],
        ),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer(),
        async ([transposeA, transposeB], [outerA, outerB], m, k, n, seed) => {
          const aShape = operandShape(outerA, m, k, transposeA);
          const bShape = operandShape(outerB, k, n, transposeB);
          const problem = describeMatMul(aShape, bShape, transposeA, transposeB);
          if (problem === null) throw new Error('the generated shapes must multiply');
          const plan = planMatMul(problem, 1);
          seen.add(
            plan.kind === 'stock'
              ? 'stock'
              : `${plan.orientation}/${plan.calls === 1 ? 'one' : 'per-batch'}`,
          );
          await compare([floats(aShape, seed), floats(bShape, seed + 1)], (a, b) =>
            tf.matMul(a as tf.Tensor, b as tf.Tensor, transposeA, transposeB),
          );
        },
      ),
      { numRuns: 60, seed: 11 },
    );
    // The random cases reached every path of the kernel.
    expect([...seen].sort()).toEqual([
      'a-rows/one',
      'a-rows/per-batch',
      'b-rows/one',
      'b-rows/per-batch',
      'stock',
    ]);
  });

  it('broadcasts outer dims [2, 1] against [1, 3] correctly', async () => {
    // cpu's kernel (and stock wasm's) index batches modulo their size, which
    // is wrong here, so the reference multiplies explicitly broadcast inputs.
    const a = floats([2, 1, 5, 7], 1);
    const b = floats([1, 3, 7, 6], 2);
    const wasm = await run('wasm', [a, b], (x, y) => tf.matMul(x as tf.Tensor, y as tf.Tensor));
    const cpu = await run('cpu', [a, b], (x, y) =>
      tf.matMul(
        tf.broadcastTo(x as tf.Tensor, [2, 3, 5, 7]),
        tf.broadcastTo(y as tf.Tensor, [2, 3, 7, 6]),
      ),
    );
    expectTensorsClose(wasm, cpu, { atol: 1e-5 });
    tf.dispose([wasm, cpu]);
  });

  it('gives the gradients of a dense layer', async () => {
    const x = floats([16, 24], 1);
    const w = floats([24, 40], 2);
    for (const input of [0, 1]) {
      await compare([x, w], (a, b) =>
        tf.tidy(() => {
          const loss = (p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.square(tf.matMul(p, q)));
          const gradients = tf.grads(loss)([a as tf.Tensor, b as tf.Tensor]);
          return gradients[input] as tf.Tensor;
        }),
      );
    }
  });

  it('multiplies by a variable transposed (x·Wᵀ) like cpu, with the gradients of both', async () => {
    const w = floats([24, 40], 2); // [out, in]
    // TF.js's gradient of a broadcast matMul does not reduce over the batch: values only for 3-D x.
    const cases = [
      { xShape: [16, 40], outputs: ['value', 'dx', 'dw'] as const },
      { xShape: [1, 40], outputs: ['value', 'dx', 'dw'] as const },
      { xShape: [3, 5, 40], outputs: ['value'] as const },
    ];
    for (const { xShape, outputs } of cases) {
      const x = floats(xShape, 1);
      for (const wanted of outputs) {
        await compare([x, w], (a, b) =>
          tf.tidy(() => {
            const weight = tf.variable(b as tf.Tensor);
            const product = (p: tf.Tensor, q: tf.Tensor) => tf.matMul(p, q, false, true);
            const loss = (p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.square(product(p, q)));
            const result =
              wanted === 'value'
                ? product(a as tf.Tensor, weight)
                : tf.grads(loss)([a as tf.Tensor, weight])[wanted === 'dx' ? 0 : 1];
            const copy = tf.clone(result as tf.Tensor);
            weight.dispose();
            return copy;
          }),
        );
      }
    }
  });

  it('multiplies few rows by a weight too large for the cache (the weight as GEMM rows) like cpu', async () => {
    // 4000 × 800 = 3.2M elements: over weightAsRows' threshold, in either layout.
    const torchLayout = floats([4000, 800], 2); // [out, in]
    const kerasLayout = floats([800, 4000], 3); // [in, out]
    for (const xShape of [
      [16, 800],
      [2, 5, 800],
    ]) {
      const x = floats(xShape, 1);
      for (const [w, transposeB] of [
        [torchLayout, true],
        [kerasLayout, false],
      ] as const) {
        await compare(
          [x, w],
          (a, b) =>
            tf.tidy(() => {
              const weight = tf.variable(b as tf.Tensor);
              const product = tf.matMul(a as tf.Tensor, weight, false, transposeB);
              // The input gradient too: dy·W (or dy·Kᵀ), a product by the same weight.
              const dx = tf.grad((p: tf.Tensor) =>
                tf.sum(tf.square(tf.matMul(p, weight, false, transposeB))),
              )(a as tf.Tensor);
              const result = tf.concat([tf.reshape(product, [-1]), tf.reshape(dx, [-1])]);
              weight.dispose();
              return result;
            }),
          // dx sums 4000 products of magnitude ~10 (values to 3·10³): float32 rounding of such
          // sums reaches 10⁻³; a wrong layout or orientation is off by the values' own size.
          { atol: 1e-2, rtol: 1e-5 },
        );
      }
    }
  });

  it('keeps one transposed copy per variable while its data lives, freed on assign and dispose', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as WasmBackend;
    const copies = TransposedWeights.of(backend);
    const baseline = { ids: backend.numDataIds(), copies: copies.size };
    const weight = tf.tidy(() => tf.variable(tf.randomNormal([8, 6], 0, 1, 'float32', 1))); // [out, in]
    const x = tf.randomNormal([4, 6], 0, 1, 'float32', 2);
    const step = async () => {
      const y = tf.matMul(x, weight, false, true);
      await y.data();
      y.dispose();
    };
    const held = () => ({
      ids: backend.numDataIds() - baseline.ids,
      copies: copies.size - baseline.copies,
    });
    await step();
    // weight, x and the weight's transposed copy.
    expect(held()).toEqual({ ids: 3, copies: 1 });
    await step();
    await step();
    expect(held()).toEqual({ ids: 3, copies: 1 });
    // New values (an optimiser step): the old data and its copy go, the next product makes one.
    const doubled = tf.mul(weight, 2);
    weight.assign(doubled);
    doubled.dispose();
    expect(held()).toEqual({ ids: 2, copies: 0 });
    await step();
    expect(held()).toEqual({ ids: 3, copies: 1 });
    weight.dispose();
    x.dispose();
    expect(held()).toEqual({ ids: 0, copies: 0 });
    // A plain tensor (not a variable) is never cached.
    const plain = tf.randomNormal([8, 6], 0, 1, 'float32', 3);
    const ones = tf.ones([2, 6]);
    const product = tf.matMul(ones, plain, false, true);
    expect(copies.size).toBe(baseline.copies);
    tf.dispose([plain, ones, product]);
    await tf.setBackend('cpu');
  });
});
