import * as tf from '@tensorflow/tfjs-core';
import { memoryOffset, type WasmBackend } from './wasm-internals';

type KernelArgs = Parameters<tf.KernelFunc>[0];

/** The longest slice, in 4-byte values, copied value by value rather than by `copyWithin`. */
const SHORT_SLICE = 16;

/**
 * A `GatherV2` for the wasm backend that copies whole slices. The stock
 * kernel (tfjs-backend-wasm 4.22) computes every output element's source
 * position with per-element index vectors, about 60 ns an element on one
 * thread; beam search gathers the encoded batch into k copies once and the
 * decoder state at every step (`gatherRows`), where this took a fifth of
 * the time. With batch dimensions (`batchDims` > 0: each row picks its own
 * columns, as sampling and beam search do) the stock kernel returns wrong
 * values and can read outside the heap.
 *
 * `x [...batch, ...outer, N, ...inner]` gathered along `axis` by int32
 * `indices [...batch, ...picks]` (`batch` the first `batchDims` dims of
 * both) → `[...batch, ...outer, ...picks, ...inner]`: each output slice of
 * `inner` elements is one copy on the wasm heap (value by value up to
 * `SHORT_SLICE` values). Anything else (an index
 * outside `[0, N)`, batch dims that differ, other dtypes) goes to the stock
 * kernel, which reports the error in its own words.
 */
export function createGather(stockGather: tf.KernelFunc): tf.KernelFunc {
  return (args: KernelArgs) => {
    const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
    const { axis, batchDims } = args.attrs as { axis: number; batchDims: number };
    const backend = args.backend as WasmBackend;
    const parsedAxis = tf.util.parseAxisParam(axis, x.shape)[0] as number;
    const batchShape = x.shape.slice(0, batchDims);
    const copies =
      indices.dtype === 'int32' &&
      x.dtype !== 'string' &&
      x.dtype !== 'complex64' &&
      batchDims <= parsedAxis &&
      tf.util.arraysEqual(batchShape, indices.shape.slice(0, batchDims));
    if (!copies) return stockGather(args);
    const rows = x.shape[parsedAxis] as number;
    const ids = (backend.typedArrayFromHeap(indices) as Int32Array).slice();
    if (ids.some((id) => id < 0 || id >= rows)) return stockGather(args);
    const batch = tf.util.sizeFromShape(batchShape);
    const outer = tf.util.sizeFromShape(x.shape.slice(batchDims, parsedAxis));
    const inner = tf.util.sizeFromShape(x.shape.slice(parsedAxis + 1));
    const picks = batch === 0 ? 0 : ids.length / batch; // indices per batch entry
    const output = backend.makeOutput(
      [
        ...x.shape.slice(0, parsedAxis),
        ...indices.shape.slice(batchDims),
        ...x.shape.slice(parsedAxis + 1),
      ],
      x.dtype,
    );
    if (batch * outer * picks * inner === 0) return output;
    const source = memoryOffset(backend, x);
    const target = memoryOffset(backend, output);
    const width = tf.util.bytesPerElement(x.dtype);
    // The heap after the allocation: growing it replaces its buffer (offsets stay).
    const heap = backend.wasm.HEAPU8;
    const words = new Int32Array(heap.buffer, 0, heap.byteLength >> 2);
    // A slice of a few 4-byte values (gathering columns, as sampled softmax
    // does from `[H, V]`) is copied value by value: a `copyWithin` call costs
    // about 50 ns, a value 1.
    const byValue = width === 4 && inner <= SHORT_SLICE;
    const bytes = width * inner; // one slice
    for (let n = 0; n < batch; n++) {
      for (let o = 0; o < outer; o++) {
        const block = n * outer + o;
        for (let j = 0; j < picks; j++) {
          const from = source + (block * rows + (ids[n * picks + j] as number)) * bytes;
          const to = target + (block * picks + j) * bytes;
          if (!byValue) {
            heap.copyWithin(to, from, from + bytes);
            continue;
          }
          for (let k = 0; k < inner; k++) words[(to >> 2) + k] = words[(from >> 2) + k]!;
        }
      }
    }
    return output;
  };
}
