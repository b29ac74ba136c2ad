import * as tf from '@tensorflow/tfjs-core';
import { HeedError } from '../errors';
import type { WasmBackend } from './wasm-internals';

type KernelArgs = Parameters<tf.KernelFunc>[0];

/**
 * `UnsortedSegmentSum` for the wasm backend, which lacks it; it is the
 * gradient of `gather`, so of every embedding lookup.
 *
 * `x [N, ...rest]`, `segmentIds [N]` (int32) → `[numSegments, ...rest]`,
 * float32: row i of `x` is added to segment `segmentIds[i]`; repeated ids
 * accumulate, and ids outside `[0, numSegments)` are dropped, exactly as the
 * cpu backend does. Each segment's rows are summed in float64, in row order,
 * and rounded once, as the cpu backend sums them, so finite results agree
 * bit for bit; it reads `x` once on the wasm heap where the cpu backend makes
 * a masked copy of `x` per segment. One difference: a NaN or infinity in `x`
 * reaches only its own segment, where the cpu backend's `0 · NaN` spreads it
 * to every segment.
 */
export function unsortedSegmentSum(args: KernelArgs): tf.TensorInfo {
  const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const { numSegments } = args.attrs as { numSegments: number };
  const backend = args.backend as WasmBackend;
  if (segmentIds.shape.length !== 1 || segmentIds.shape[0] !== x.shape[0]) {
    throw new HeedError(
      `UnsortedSegmentSum (wasm): segmentIds must have shape [${x.shape[0]}] for x of shape [${x.shape.join(', ')}]. Received: segmentIds.shape=[${segmentIds.shape.join(', ')}]`,
    );
  }
  if (segmentIds.dtype !== 'int32' || (x.dtype !== 'float32' && x.dtype !== 'int32')) {
    throw new HeedError(
      `UnsortedSegmentSum (wasm): x must be float32 or int32 and segmentIds int32. Received: x.dtype='${x.dtype}', segmentIds.dtype='${segmentIds.dtype}'`,
    );
  }
  const rowSize = tf.util.sizeFromShape(x.shape.slice(1));
  const output = backend.makeOutput([numSegments, ...x.shape.slice(1)], 'float32');
  // Views after the allocation: growing the heap replaces its buffer.
  const sums = backend.typedArrayFromHeap(output) as Float32Array;
  const values = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds) as Int32Array;
  const { starts, rows } = groupBySegment(ids, numSegments);
  const total = new Float64Array(rowSize);
  for (let segment = 0; segment < numSegments; segment++) {
    const begin = starts[segment] as number;
    const end = starts[segment + 1] as number;
    const to = segment * rowSize;
    if (begin === end) {
      sums.fill(0, to, to + rowSize);
    } else if (end - begin === 1) {
      const from = (rows[begin] as number) * rowSize;
      sums.set(values.subarray(from, from + rowSize), to);
    } else {
      total.fill(0);
      for (let r = begin; r < end; r++) {
        const from = (rows[r] as number) * rowSize;
        for (let j = 0; j < rowSize; j++) {
          total[j] = (total[j] as number) + (values[from + j] as number);
        }
      }
      sums.set(total, to);
    }
  }
  return output;
}

/**
 * A stable counting sort of row indices by segment: the rows of segment s are
 * `rows[starts[s]..starts[s + 1])`, in their original order; rows whose id is
 * out of range appear nowhere.
 */
function groupBySegment(ids: Int32Array, numSegments: number) {
  const starts = new Int32Array(numSegments + 1);
  for (const id of ids) {
    if (id >= 0 && id < numSegments) starts[id + 1] = (starts[id + 1] as number) + 1;
  }
  for (let s = 0; s < numSegments; s++) {
    starts[s + 1] = (starts[s + 1] as number) + (starts[s] as number);
  }
  const next = starts.slice(0, numSegments);
  const rows = new Int32Array(starts[numSegments] as number);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    if (id >= 0 && id < numSegments) {
      const at = next[id] as number;
      rows[at] = i;
      next[id] = at + 1;
    }
  }
  return { starts, rows };
}
