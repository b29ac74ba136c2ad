import * as tf from '@tensorflow/tfjs-core';
import {
  describeMatMul,
  type MatMulShapes,
  type Orientation,
  planMatMul,
  weightAsRows,
} from './matmul-plan';
import { createView, memoryOffset, releaseView, type WasmBackend } from './wasm-internals';
import { TransposedWeights } from './wasm-transposed-weights';

const BYTES_PER_FLOAT = 4;

type KernelArgs = Parameters<tf.KernelFunc>[0];

/** The wasm kernels heed's `BatchMatMul` composes. */
export interface MatMulKernels {
  /** The stock wasm `BatchMatMul`: XNNPACK for plain 2-D products, a scalar loop otherwise. */
  batchMatMul: tf.KernelFunc;
  transpose: tf.KernelFunc;
}

/** For each output batch, the batch of an operand with outer dims `operand` it reads. */
export function broadcastBatchIndices(outer: number[], operand: number[]): Int32Array {
  const indices = new Int32Array(tf.util.sizeFromShape(outer));
  const skipped = outer.length - operand.length;
  for (let flat = 0; flat < indices.length; flat++) {
    let rest = flat;
    let index = 0;
    let stride = 1;
    for (let d = outer.length - 1; d >= 0; d--) {
      const size = outer[d] as number;
      const coordinate = rest % size;
      rest = (rest - coordinate) / size;
      if (d < skipped) continue;
      const operandSize = operand[d - skipped] as number;
      if (operandSize !== 1) index += coordinate * stride;
      stride *= operandSize;
    }
    indices[flat] = index;
  }
  return indices;
}

/**
 * `a [..., m, k] · weightᵀ` as one plain GEMM `[batchA·m, k] · [k, n]` on the
 * stock kernel, with `transposed` the weight's cached transpose `[k, n]`
 * (see `TransposedWeights`), whose packing XNNPACK keeps under its id.
 */
function multiplyByTransposedWeight(
  kernels: MatMulKernels,
  backend: WasmBackend,
  a: tf.TensorInfo,
  transposed: tf.TensorInfo,
  problem: MatMulShapes,
): tf.TensorInfo {
  const { batchA, m, k, n, outerA } = problem;
  const rows = { dataId: a.dataId, shape: [batchA * m, k], dtype: a.dtype }; // [batchA·m, k]
  const product = kernels.batchMatMul({
    inputs: { a: rows, b: transposed },
    backend,
    attrs: { transposeA: false, transposeB: false },
  }) as tf.TensorInfo; // [batchA·m, n]
  return { ...product, shape: [...outerA, m, n] };
}

/**
 * `a [..., m, k] · Wᵀ` computed as `(W · aᵀ)ᵀ`, with `weightRows` W `[n, k]`
 * as the GEMM's rows and all of a's rows (batches folded in) transposed
 * into the small packed operand `[k, batchA·m]`: for a weight too large for
 * the cache (see `weightAsRows`), XNNPACK then streams the weight once
 * instead of once per few rows of a.
 */
function multiplyWeightRows(
  kernels: MatMulKernels,
  backend: WasmBackend,
  a: tf.TensorInfo,
  weightRows: tf.TensorInfo,
  problem: MatMulShapes,
): tf.TensorInfo {
  const { batchA, m, k, n, outerA } = problem;
  const rows = batchA * m;
  const temporaries: tf.TensorInfo[] = [];
  try {
    const columns = kernels.transpose({
      inputs: { x: { dataId: a.dataId, shape: [rows, k], dtype: a.dtype } },
      backend,
      attrs: { perm: [1, 0] },
    }) as tf.TensorInfo; // [k, batchA·m]
    temporaries.push(columns);
    const product = gemm(kernels, backend, weightRows, columns, 0, k, rows); // [n, batchA·m]
    temporaries.push(product);
    const result = kernels.transpose({
      inputs: { x: { ...product, shape: [n, rows] } },
      backend,
      attrs: { perm: [1, 0] },
    }) as tf.TensorInfo; // [batchA·m, n]
    return { ...result, shape: [...outerA, m, n] };
  } finally {
    for (const temporary of temporaries) backend.disposeData(temporary.dataId);
  }
}

/**
 * A `BatchMatMul` for the wasm backend that keeps every product on XNNPACK's
 * GEMM. The stock kernel takes that fast path only for an untransposed
 * product with batch size 1, and otherwise runs a scalar triple loop, 4–16×
 * slower in heed's benchmark; every matmul gradient is transposed (`dy·Bᵀ`,
 * `Aᵀ·dy`) and every attention product is batched. The plain 2-D case goes
 * straight to the stock kernel. A product with a transposed 2-D weight
 * (`x · Wᵀ`, W a `tf.Variable`: `torchLinear`, or the input gradient of
 * `dense`) multiplies by the weight's cached transpose (`TransposedWeights`),
 * so nothing transposes it again while its data is unchanged. A product of
 * a few rows with a weight too large for the cache (`weightAsRows`), in
 * either layout, runs with the weight as the GEMM's rows
 * (`multiplyWeightRows`). Otherwise see `planMatMul` for the choice of
 * layout.
 */
export function createBatchMatMul(kernels: MatMulKernels): tf.KernelFunc {
  return (args: KernelArgs) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    const backend = args.backend as WasmBackend;
    const problem =
      a.dtype === 'float32' && b.dtype === 'float32'
        ? describeMatMul(a.shape, b.shape, transposeA, transposeB)
        : null;
    if (problem === null || problem.batch * problem.m * problem.k * problem.n === 0) {
      return kernels.batchMatMul(args);
    }
    const weights = TransposedWeights.of(backend);
    if (
      !transposeA &&
      problem.batchB === 1 &&
      weightAsRows(problem.batchA * problem.m, problem.k, problem.n) &&
      weights.isWeight(b)
    ) {
      // The weight as GEMM rows [n, k]: itself in PyTorch layout, its cached transpose in Keras layout.
      const rows = transposeB ? b : weights.get(b, kernels.transpose);
      return multiplyWeightRows(kernels, backend, a, rows, problem);
    }
    if (!transposeA && !transposeB && problem.batchA === 1 && problem.batchB === 1) {
      return kernels.batchMatMul(args);
    }
    if (transposeB && !transposeA && weights.isWeight(b)) {
      return multiplyByTransposedWeight(
        kernels,
        backend,
        a,
        weights.get(b, kernels.transpose),
        problem,
      );
    }
    const plan = planMatMul(problem, backend.wasm.tfjs.getThreadsCount());
    if (plan.kind === 'stock') return kernels.batchMatMul(args);
    return runOnGemm(kernels, backend, a, b, problem, plan.orientation);
  };
}

function runOnGemm(
  kernels: MatMulKernels,
  backend: WasmBackend,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  problem: MatMulShapes,
  orientation: Orientation,
): tf.TensorInfo {
  const { m, k, n, batchA, batchB, transposeA, transposeB } = problem;
  const temporaries: tf.TensorInfo[] = [];
  // Row-major [batch, rows, cols] layout of an operand, transposing its last two dims if needed.
  const arrange = (
    x: tf.TensorInfo,
    batch: number,
    rows: number,
    cols: number,
    transpose: boolean,
  ): tf.TensorInfo => {
    if (!transpose) return { dataId: x.dataId, shape: [batch, rows, cols], dtype: x.dtype };
    const input = { dataId: x.dataId, shape: [batch, cols, rows], dtype: x.dtype };
    const arranged = kernels.transpose({
      inputs: { x: input },
      backend,
      attrs: { perm: [0, 2, 1] },
    }) as tf.TensorInfo;
    temporaries.push(arranged);
    return { ...arranged, shape: [batch, rows, cols] };
  };
  try {
    // a-rows: rows A [m, k], weights B [k, n]. b-rows: rows Bᵀ [n, k], weights Aᵀ [k, m].
    const aRows = orientation === 'a-rows';
    const rows = aRows
      ? arrange(a, batchA, m, k, transposeA)
      : arrange(b, batchB, n, k, !transposeB);
    const weights = aRows
      ? arrange(b, batchB, k, n, transposeB)
      : arrange(a, batchA, k, m, !transposeA);
    const rowsOuter = aRows ? problem.outerA : problem.outerB;
    const weightsOuter = aRows ? problem.outerB : problem.outerA;
    const product = multiplyBatches(
      kernels,
      backend,
      rows,
      weights,
      problem.outerShape,
      rowsOuter,
      weightsOuter,
    );
    const [batch, productRows, productCols] = [problem.batch, aRows ? m : n, aRows ? n : m];
    let result: tf.TensorInfo;
    if (aRows) {
      result = product;
    } else {
      temporaries.push(product);
      result = kernels.transpose({
        inputs: { x: { ...product, shape: [batch, productRows, productCols] } },
        backend,
        attrs: { perm: [0, 2, 1] },
      }) as tf.TensorInfo;
    }
    return { ...result, shape: [...problem.outerShape, m, n] };
  } finally {
    for (const temporary of temporaries) backend.disposeData(temporary.dataId);
  }
}

/**
 * `rows [batchR, r, k] · weights [batchW, k, c]` → `[batch, r, c]`, broadcast
 * over the outer dims: one GEMM when the weights are shared, else one per
 * output batch on views of both operands, copied into place.
 */
function multiplyBatches(
  kernels: MatMulKernels,
  backend: WasmBackend,
  rows: tf.TensorInfo,
  weights: tf.TensorInfo,
  outerShape: number[],
  rowsOuter: number[],
  weightsOuter: number[],
): tf.TensorInfo {
  const [batchR, r, k] = rows.shape as [number, number, number];
  const [batchW, , c] = weights.shape as [number, number, number];
  const batch = tf.util.sizeFromShape(outerShape);
  if (batchW === 1 && batchR === batch) {
    return gemm(kernels, backend, { ...rows, shape: [batch * r, k] }, weights, 0, k, c);
  }
  const output = backend.makeOutput([batch * r * c], 'float32');
  try {
    const rowsIndex = broadcastBatchIndices(outerShape, rowsOuter);
    const weightsIndex = broadcastBatchIndices(outerShape, weightsOuter);
    const outputOffset = memoryOffset(backend, output);
    for (let i = 0; i < batch; i++) {
      const rowsView = createView(
        backend,
        rows,
        (rowsIndex[i] as number) * r * k * BYTES_PER_FLOAT,
        [r, k],
      );
      try {
        const part = gemm(
          kernels,
          backend,
          rowsView,
          weights,
          (weightsIndex[i] as number) * k * c,
          k,
          c,
        );
        const from = memoryOffset(backend, part);
        const to = outputOffset + i * r * c * BYTES_PER_FLOAT;
        backend.wasm.HEAPU8.copyWithin(to, from, from + r * c * BYTES_PER_FLOAT);
        backend.disposeData(part.dataId);
      } finally {
        releaseView(backend, rowsView);
      }
    }
    return output;
  } catch (error) {
    backend.disposeData(output.dataId);
    throw error;
  }
}

/**
 * `rows [r, k] · weights[offset…] as [k, c]` on XNNPACK. The weights go in
 * as a fresh view: the stock kernel caches its packed weights under the
 * weights tensor's id and ignores shape, so handing it a tensor it may
 * later see with another shape would reuse stale packing.
 */
function gemm(
  kernels: MatMulKernels,
  backend: WasmBackend,
  rows: tf.TensorInfo,
  weights: tf.TensorInfo,
  weightsElementOffset: number,
  k: number,
  c: number,
): tf.TensorInfo {
  const view = createView(backend, weights, weightsElementOffset * BYTES_PER_FLOAT, [k, c]);
  try {
    return kernels.batchMatMul({
      inputs: { a: rows, b: view },
      backend,
      attrs: { transposeA: false, transposeB: false },
    }) as tf.TensorInfo;
  } finally {
    releaseView(backend, view);
  }
}
