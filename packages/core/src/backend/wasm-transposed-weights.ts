import * as tf from '@tensorflow/tfjs-core';
import type { WasmBackend } from './wasm-internals';

/**
 * Transposed copies of weights for heed's wasm `BatchMatMul`, one per weight
 * tensor, so that `x · Wᵀ` with a PyTorch-layout `W [out, in]`
 * (`tf.matMul(x, W, false, true)`, `torchLinear`) and the input gradient
 * `dy · Kᵀ` of a Keras-layout `K` run as plain products on XNNPACK's GEMM
 * without transposing the weight at every call. The plain product's packed
 * weights are cached by XNNPACK under the copy's id, so a decoding step that
 * reuses a weight neither transposes nor re-packs it.
 *
 * Which tensors: the data of a registered `tf.Variable` (a model parameter),
 * 2-D. Activations are never cached (they are used once).
 *
 * Lifetime: a copy lives exactly as long as the data it was made from. It is
 * freed when the backend frees that data: when the variable is disposed, or
 * when an optimiser step or a loaded checkpoint assigns it new values
 * (`Variable.assign` releases the old data), and with the backend itself.
 * It costs one extra copy of each weight used transposed, on the wasm heap
 * (outside `tf.memory()`'s tensor count).
 */
export class TransposedWeights {
  readonly #backend: WasmBackend;
  /** Weight data → its transpose `[cols, rows]`. */
  readonly #copies = new Map<tf.DataId, tf.TensorInfo>();
  readonly #disposeData: WasmBackend['disposeData'];

  private constructor(backend: WasmBackend) {
    this.#backend = backend;
    this.#disposeData = backend.disposeData.bind(backend);
    // Freeing a weight's data frees its copy: wrap this backend instance's disposeData.
    backend.disposeData = (dataId: tf.DataId, force?: boolean) => {
      const freed = this.#disposeData(dataId, force);
      if (freed) this.#evict(dataId);
      return freed;
    };
  }

  static readonly #perBackend = new WeakMap<WasmBackend, TransposedWeights>();

  /** The cache of `backend`, made on first use. */
  static of(backend: WasmBackend): TransposedWeights {
    let cache = TransposedWeights.#perBackend.get(backend);
    if (!cache) {
      cache = new TransposedWeights(backend);
      TransposedWeights.#perBackend.set(backend, cache);
    }
    return cache;
  }

  /** True when `info` is the current data of a 2-D float32 `tf.Variable`. */
  isWeight(info: tf.TensorInfo): boolean {
    if (info.shape.length !== 2 || info.dtype !== 'float32') return false;
    if (this.#copies.has(info.dataId)) return true;
    const variables = tf.engine().state.registeredVariables;
    for (const name in variables) {
      if (variables[name]?.dataId === info.dataId) return true;
    }
    return false;
  }

  /**
   * The transpose `[cols, rows]` of the 2-D weight `info` `[rows, cols]`,
   * made with `transpose` on first use and kept while the weight's data lives.
   * Owned by the cache: never dispose it.
   */
  get(info: tf.TensorInfo, transpose: tf.KernelFunc): tf.TensorInfo {
    const cached = this.#copies.get(info.dataId);
    if (cached) return cached;
    const [rows, cols] = info.shape as [number, number];
    const copy = transpose({
      inputs: { x: info },
      backend: this.#backend,
      attrs: { perm: [1, 0] },
    }) as tf.TensorInfo;
    const entry = { dataId: copy.dataId, shape: [cols, rows], dtype: copy.dtype };
    this.#copies.set(info.dataId, entry);
    return entry;
  }

  /** Number of copies held (for tests). */
  get size(): number {
    return this.#copies.size;
  }

  #evict(dataId: tf.DataId): void {
    const copy = this.#copies.get(dataId);
    if (!copy) return;
    this.#copies.delete(dataId);
    this.#disposeData(copy.dataId, true);
  }
}
