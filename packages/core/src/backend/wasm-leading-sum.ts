import * as tf from '@tensorflow/tfjs-core';
import type { WasmBackend } from './wasm-internals';

type KernelArgs = Parameters<tf.KernelFunc>[0];

/**
 * A `Sum` for the wasm backend that reduces a float32 tensor over its
 * leading axes `[0, j)` by adding its rows in place of transposing it. The
 * stock kernel (tfjs-backend-wasm 4.22) sums innermost axes only, so it first
 * transposes the whole input; a bias's gradient (`sum(dy [N, n], 0)`, the
 * gradient of every broadcast add) paid that copy at every training step.
 * `x [...outer, ...inner]` → `[...inner]` (with `keepDims`, a 1 for each
 * outer axis), rows added in order into float32 sums. Any other reduction
 * goes to the stock kernel.
 */
export function createLeadingSum(stockSum: tf.KernelFunc): tf.KernelFunc {
  return (args: KernelArgs) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const leading =
      axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
    if (x.dtype !== 'float32' || !leading) return stockSum(args);
    const backend = args.backend as WasmBackend;
    const innerShape = x.shape.slice(axes.length);
    const inner = tf.util.sizeFromShape(innerShape);
    const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
    const output = backend.makeOutput(
      keepDims ? [...axes.map(() => 1), ...innerShape] : innerShape,
      'float32',
    );
    // Views taken after the output is allocated, which may move the wasm heap.
    const values = backend.typedArrayFromHeap(x) as Float32Array; // [rows, inner]
    const sums = backend.typedArrayFromHeap(output) as Float32Array; // [inner], zeroed below
    sums.fill(0);
    for (let row = 0; row < rows; row++) {
      const base = row * inner;
      for (let i = 0; i < inner; i++) sums[i] = sums[i]! + values[base + i]!;
    }
    return output;
  };
}
