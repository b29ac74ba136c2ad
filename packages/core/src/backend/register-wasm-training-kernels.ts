import * as tf from '@tensorflow/tfjs-core';
import { HeedError } from '../errors';
import { createBatchMatMul } from './wasm-batch-mat-mul';
import { createGather } from './wasm-gather';
import { createIdentity } from './wasm-identity';
import { createLeadingSum } from './wasm-leading-sum';
import { unsortedSegmentSum } from './wasm-unsorted-segment-sum';

const HEED_KERNEL = Symbol.for('heed.wasmKernel');

type MarkedKernel = tf.KernelFunc & { [HEED_KERNEL]?: true };

function mark(kernel: tf.KernelFunc): tf.KernelFunc {
  return Object.assign(kernel, { [HEED_KERNEL]: true as const });
}

function isHeedKernel(config: tf.KernelConfig | undefined): boolean {
  return (config?.kernelFunc as MarkedKernel | undefined)?.[HEED_KERNEL] === true;
}

/**
 * Registers `create(stock's kernel)` in place of the stock wasm kernel
 * `stock`, once: a kernel heed already put there is left as it is.
 */
function replaceStock(
  stock: tf.KernelConfig,
  create: (stockKernel: tf.KernelFunc) => tf.KernelFunc,
): void {
  if (isHeedKernel(stock)) return;
  tf.unregisterKernel(stock.kernelName, stock.backendName);
  tf.registerKernel({ ...stock, kernelFunc: mark(create(stock.kernelFunc)) });
}

/**
 * Registers the kernels that let the wasm backend train a seq2seq model fast:
 *
 * - `UnsortedSegmentSum`, which stock `@tensorflow/tfjs-backend-wasm` 4.22
 *   lacks (it is the gradient of `gather`, i.e. of every embedding);
 * - a `BatchMatMul` that keeps transposed and batched products (every matmul
 *   gradient, every attention product) on XNNPACK's GEMM, delegating the
 *   plain case to the stock kernel it replaces;
 * - a `GatherV2` that copies whole slices (`gatherRows`: beam search's copies
 *   of the encoded batch and its reordered states), delegating the rest to
 *   the stock kernel;
 * - an `Identity` that shares its input's data instead of copying it (the
 *   engine clones every tensor a kernel saves for its gradient);
 * - a `Sum` that adds rows for a reduction over the leading axes (every
 *   bias gradient) instead of transposing the input first.
 *
 * Call it after importing `@tensorflow/tfjs-backend-wasm`; `initBackend('wasm')`
 * calls it for you. Calling it again does nothing.
 */
export function registerWasmTrainingKernels(): void {
  const stockMatMul = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  const stockGather = tf.getKernel('GatherV2', 'wasm');
  const stockIdentity = tf.getKernel('Identity', 'wasm');
  const stockSum = tf.getKernel('Sum', 'wasm');
  if (
    stockMatMul === undefined ||
    transpose === undefined ||
    stockGather === undefined ||
    stockIdentity === undefined ||
    stockSum === undefined
  ) {
    throw new HeedError(
      "registerWasmTrainingKernels: the wasm backend's kernels are not registered; import '@tensorflow/tfjs-backend-wasm' first (with the same @tensorflow/tfjs-core as heed)",
    );
  }
  replaceStock(stockMatMul, (stock) =>
    createBatchMatMul({ batchMatMul: stock, transpose: transpose.kernelFunc }),
  );
  replaceStock(stockGather, createGather);
  replaceStock(stockIdentity, createIdentity);
  replaceStock(stockSum, createLeadingSum);
  const segmentSum = tf.getKernel('UnsortedSegmentSum', 'wasm');
  if (!isHeedKernel(segmentSum)) {
    if (segmentSum !== undefined) tf.unregisterKernel('UnsortedSegmentSum', 'wasm');
    tf.registerKernel({
      kernelName: 'UnsortedSegmentSum',
      backendName: 'wasm',
      kernelFunc: mark(unsortedSegmentSum as tf.KernelFunc),
    });
  }
}
