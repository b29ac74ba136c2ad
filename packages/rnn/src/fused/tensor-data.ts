import * as tf from '@tensorflow/tfjs-core';

/** What the wasm backend offers: a view of a tensor's bytes in its heap. */
interface HeapBackend {
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  dataIdMap: { has(dataId: object): boolean };
}

function heapBackend(): HeapBackend | undefined {
  const backend = tf.backend() as unknown as Partial<HeapBackend>;
  return typeof backend.typedArrayFromHeap === 'function' && backend.dataIdMap
    ? (backend as HeapBackend)
    : undefined;
}

/**
 * Reads a float32 tensor's values from JavaScript without copying where the
 * backend allows it: a view into the wasm heap, the cpu backend's own array.
 * Other backends (webgl, node) download once and the copy is cached.
 *
 * A wasm heap view is invalidated when the heap grows, which any tensor
 * allocation may cause; `values()` therefore re-creates the view on each call
 * (a few property reads), and callers take it after their last allocation.
 * The returned array must never be written to.
 */
export class TensorReader {
  readonly #tensor: tf.Tensor;
  readonly #heap: HeapBackend | undefined;
  #cached: Float32Array | undefined;

  constructor(tensor: tf.Tensor) {
    this.#tensor = tensor;
    const heap = heapBackend();
    this.#heap = heap?.dataIdMap.has(tensor.dataId) ? heap : undefined;
  }

  values(): Float32Array {
    if (this.#heap) return this.#heap.typedArrayFromHeap(this.#tensor) as Float32Array;
    this.#cached ??= this.#tensor.dataSync() as Float32Array;
    return this.#cached;
  }
}

/** The values of a float32 tensor, valid until the next tensor allocation. */
export function floatsOf(tensor: tf.Tensor): Float32Array {
  return new TensorReader(tensor).values();
}

/** A copy of a float32 tensor's values that stays valid. */
export function copyFloats(tensor: tf.Tensor): Float32Array {
  return Float32Array.from(floatsOf(tensor));
}

/**
 * A float32 tensor that takes ownership of `values` (the cpu backend keeps
 * the array itself, so it must not be written to afterwards).
 */
export function tensorFrom<T extends tf.Tensor = tf.Tensor>(
  values: Float32Array,
  shape: number[],
): T {
  return tf.tensor(values, shape, 'float32') as T;
}
