import * as tf from '@tensorflow/tfjs-core';

/**
 * How heed's wasm `BatchMatMul` computes `A·B` (after the transposes the op
 * asks for) with XNNPACK's fast GEMM, which takes row-major `rows [r, k]`
 * and packs `weights [k, c]` (an O(k·c) step per call):
 *
 * - `a-rows`: rows = A `[m, k]`, weights = B `[k, n]`; the output is final.
 * - `b-rows`: rows = Bᵀ `[n, k]`, weights = Aᵀ `[k, m]`, then the `[n, m]`
 *   output is transposed. It wins when m ≪ n, because it packs the small
 *   operand: `dy·Wᵀ` for a `[64, 512]·[2000, 512]ᵀ` packs 64·512 values
 *   instead of 2000·512.
 *
 * An operand is transposed explicitly (the wasm `Transpose` kernel) only when
 * its memory layout is not the one the orientation reads. When the weights
 * operand has batch size 1, all batches of the rows operand fold into one
 * GEMM; otherwise there is one GEMM per batch. Products so small that the
 * per-call overhead would dominate stay on the stock kernel, unless they
 * broadcast outer dims in a way it gets wrong (`[2, 1]` against `[1, 3]`).
 */
export type Orientation = 'a-rows' | 'b-rows';

/** The shapes of one `BatchMatMul`, batch dims split from the matrices. */
export interface MatMulProblem {
  /** A's batch (outer) dims, b batch size. */
  batchA: number;
  batchB: number;
  /** Product of the broadcast outer dims of the output. */
  batch: number;
  m: number;
  k: number;
  n: number;
  transposeA: boolean;
  transposeB: boolean;
}

/** A problem with the outer dims it came from. */
export interface MatMulShapes extends MatMulProblem {
  outerA: number[];
  outerB: number[];
  /** Broadcast outer dims of the output. */
  outerShape: number[];
}

/**
 * Splits the shapes of `BatchMatMul(a, b)` into outer dims and matrix sizes,
 * or returns null when they do not multiply (the stock kernel then reports
 * the error in its own words).
 */
export function describeMatMul(
  aShape: readonly number[],
  bShape: readonly number[],
  transposeA: boolean,
  transposeB: boolean,
): MatMulShapes | null {
  if (aShape.length < 2 || bShape.length < 2) return null;
  const outerA = aShape.slice(0, -2);
  const outerB = bShape.slice(0, -2);
  const [a0, a1] = aShape.slice(-2) as [number, number];
  const [b0, b1] = bShape.slice(-2) as [number, number];
  const [m, k] = transposeA ? [a1, a0] : [a0, a1];
  const [kB, n] = transposeB ? [b1, b0] : [b0, b1];
  if (k !== kB) return null;
  let outerShape: number[];
  try {
    outerShape = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return null;
  }
  return {
    outerA,
    outerB,
    outerShape,
    batchA: tf.util.sizeFromShape(outerA),
    batchB: tf.util.sizeFromShape(outerB),
    batch: tf.util.sizeFromShape(outerShape),
    m,
    k,
    n,
    transposeA,
    transposeB,
  };
}

export type MatMulPlan =
  | { kind: 'stock' }
  | { kind: 'gemm'; orientation: Orientation; calls: number; cost: number };

/**
 * Cost constants in nanoseconds, measured with tfjs-backend-wasm 4.22 (SIMD,
 * Node 20, x86-64; medians, rounded): the stock kernel's scalar loop per
 * multiply-add (1–3), XNNPACK's GEMM per multiply-add (0.26–0.36), the wasm
 * `Transpose` kernel per element (1–4; up to 25 on a 1024² power-of-two
 * square), and packing GEMM weights per element (about 14: tfjs asks XNNPACK
 * to transpose `[k, c]` weights while packing them, a strided read). Each
 * GEMM call costs a few µs single-threaded; with a thread pool it wakes the
 * pool, which took 0.5 ms per call on an oversubscribed 2-core machine and
 * tens of µs on idle cores, hence the middling threaded figure. Only the
 * ratios matter, and both orientations are exact.
 */
const STOCK_PER_MULTIPLY_ADD = 2;
const GEMM_PER_MULTIPLY_ADD = 0.3;
const TRANSPOSE_PER_ELEMENT = 3;
const PACK_PER_ELEMENT = 14;
const PER_CALL = 10_000;
const PER_CALL_THREADED = 250_000;

/** Estimated nanoseconds for one orientation. */
function orientationCost(problem: MatMulProblem, orientation: Orientation, threads: number) {
  const { batchA, batchB, batch, m, k, n, transposeA, transposeB } = problem;
  const perCall = threads > 1 ? PER_CALL_THREADED : PER_CALL;
  const sizeA = batchA * m * k;
  const sizeB = batchB * k * n;
  const multiplyAdds = batch * m * k * n;
  if (orientation === 'a-rows') {
    const calls = batchB === 1 ? 1 : batch;
    const transposed = (transposeA ? sizeA : 0) + (transposeB ? sizeB : 0);
    return {
      calls,
      cost:
        TRANSPOSE_PER_ELEMENT * transposed +
        calls * (perCall + PACK_PER_ELEMENT * k * n) +
        GEMM_PER_MULTIPLY_ADD * multiplyAdds,
    };
  }
  const calls = batchA === 1 ? 1 : batch;
  const transposed = (transposeB ? 0 : sizeB) + (transposeA ? 0 : sizeA) + batch * m * n;
  return {
    calls,
    cost:
      TRANSPOSE_PER_ELEMENT * transposed +
      calls * (perCall + PACK_PER_ELEMENT * k * m) +
      GEMM_PER_MULTIPLY_ADD * multiplyAdds,
  };
}

/**
 * Picks the cheapest way to run `problem` (see the module comment) on a
 * backend computing with `threads` threads.
 */
export function planMatMul(problem: MatMulProblem, threads = 1): MatMulPlan {
  const aRows = orientationCost(problem, 'a-rows', threads);
  const bRows = orientationCost(problem, 'b-rows', threads);
  const best =
    aRows.cost <= bRows.cost
      ? { orientation: 'a-rows' as const, ...aRows }
      : { orientation: 'b-rows' as const, ...bRows };
  const { batch, batchA, batchB, m, k, n } = problem;
  // The stock kernel broadcasts only when a side has batch 1 (it clamps the batch index).
  const stockBroadcasts = (batchA === batch || batchA === 1) && (batchB === batch || batchB === 1);
  if (stockBroadcasts && STOCK_PER_MULTIPLY_ADD * batch * m * k * n <= best.cost) {
    return { kind: 'stock' };
  }
  return { kind: 'gemm', ...best };
}

/**
 * Elements of a weight `[k, n]` from which a product with few rows streams
 * it from memory: XNNPACK's single-threaded GEMM sweeps the whole packed
 * weight once per block of a few rows, so once the weight outgrows the
 * cache, `x [m, k] · W` is bound by memory, not arithmetic. Measured with
 * tfjs-backend-wasm 4.22 (SIMD, one thread, x86-64; minimum CPU time of
 * interleaved runs): `[m, 512] · [512, 8000]` (16 MiB) ran 1.4–1.9× faster
 * for m from 8 to 384 with the weight as the rows operand, while 8 MiB
 * (`[·, 256] · [256, 8000]`) and smaller weights ran as fast or faster
 * packed as usual.
 */
const WEIGHT_AS_ROWS_MIN_ELEMENTS = 3 << 20;
/** Below this many rows the product is too thin to fill the GEMM's row tiles of the weight. */
const WEIGHT_AS_ROWS_MIN_ROWS = 8;

/**
 * True when a product of `rows` rows with a 2-D weight `[k, n]` (either
 * layout) runs faster with the weight as GEMM rows (`(W·xᵀ)ᵀ`, the `b-rows`
 * orientation) than with the weight packed (see the constants above).
 */
export function weightAsRows(rows: number, k: number, n: number): boolean {
  return rows >= WEIGHT_AS_ROWS_MIN_ROWS && k * n >= WEIGHT_AS_ROWS_MIN_ELEMENTS;
}
