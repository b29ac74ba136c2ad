import * as tf from '@tensorflow/tfjs-core';
import { memoryOffset, type WasmBackend } from './wasm-internals';

type KernelArgs = Parameters<tf.KernelFunc>[0];

/**
 * A `GatherV2` for the wasm backend that copies whole slices. The stock
 * kernel (tfjs-backend-wasm 4.22) computes every output element's source
 * position with per-element index vectors, about 60 ns an element on one
 * thread; beam search gathers the encoded batch into k copies once and the
 * decoder state at every step (`gatherRows`), where this took a fifth of
 * the time.
 *
 * `x [...outer, N, ...inner]` gathered along `axis` (batchDims 0) by int32
 * `indices` (any shape) → `[...outer, ...indices.shape, ...inner]`: each
 * output slice of `inner` elements is one copy on the wasm heap. Anything
 * else (batchDims > 0, an index outside `[0, N)`, other dtypes) goes to the
 * stock kernel, which computes it or reports the error in its own words.
 */
export function createGather(stockGather: tf.KernelFunc): tf.KernelFunc {
  return (args: KernelArgs) => {
    const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
    const { axis, batchDims } = args.attrs as { axis: number; batchDims: number };
    const backend = args.backend as WasmBackend;
    const copies =
      batchDims === 0 &&
      indices.dtype === 'int32' &&
      x.dtype !== 'string' &&
      x.dtype !== 'complex64';
    if (!copies) return stockGather(args);
    const parsedAxis = tf.util.parseAxisParam(axis, x.shape)[0] as number;
    const rows = x.shape[parsedAxis] as number;
    const ids = (backend.typedArrayFromHeap(indices) as Int32Array).slice();
    if (ids.some((id) => id < 0 || id >= rows)) return stockGather(args);
    const outer = tf.util.sizeFromShape(x.shape.slice(0, parsedAxis));
    const inner = tf.util.sizeFromShape(x.shape.slice(parsedAxis + 1));
    const count = ids.length;
    const output = backend.makeOutput(
      [...x.shape.slice(0, parsedAxis), ...indices.shape, ...x.shape.slice(parsedAxis + 1)],
      x.dtype,
    );
    if (outer * count * inner === 0) return output;
    const source = memoryOffset(backend, x);
    const target = memoryOffset(backend, output);
    const bytes = tf.util.bytesPerElement(x.dtype) * inner; // one slice
    // The heap after the allocation: growing it replaces its buffer (offsets stay).
    const heap = backend.wasm.HEAPU8;
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < count; j++) {
        const from = source + (o * rows + (ids[j] as number)) * bytes;
        const to = target + (o * count + j) * bytes;
        heap.copyWithin(to, from, from + bytes);
      }
    }
    return output;
  };
}
