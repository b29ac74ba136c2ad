import * as tf from '@tensorflow/tfjs-core';
import type { WasmBackend } from '../backend/wasm-internals';
import { exp } from './fast-math';

/** The backends heed's kernels are written for. */
export const KERNEL_BACKENDS = ['cpu', 'wasm'] as const;

export type KernelBackendName = (typeof KERNEL_BACKENDS)[number];

/** The cpu backend's members a kernel uses (`@tensorflow/tfjs-backend-cpu`'s `MathBackendCPU`). */
interface CpuBackend extends tf.KernelBackend {
  data: {
    get(dataId: tf.DataId): { values: tf.backend_util.BackendValues };
    has(dataId: tf.DataId): boolean;
  };
  makeTensorInfo(
    shape: number[],
    dtype: tf.DataType,
    values: tf.backend_util.BackendValues,
  ): tf.TensorInfo;
  disposeIntermediateTensorInfo(info: tf.TensorInfo): void;
}

/**
 * What a heed kernel needs from the backend it runs on: its tensors' values,
 * new tensors from JavaScript arrays, and the backend's own `BatchMatMul`
 * (XNNPACK's GEMM on wasm). This file and `../backend/` are the only places
 * that touch backend internals.
 */
export interface KernelHost {
  /**
   * The values of `info`, valid (and never to be written) until the kernel
   * returns: the cpu backend's own array, a copy of the wasm heap (a heap view
   * dies when any allocation grows the heap).
   */
  values(info: tf.TensorInfo): Float32Array;
  /**
   * The values of `info` without a copy, valid only until the kernel next
   * allocates a tensor (a wasm heap view dies when the heap grows).
   */
  view(info: tf.TensorInfo): Float32Array;
  /** Like `values`, for an int32 tensor. */
  ints(info: tf.TensorInfo): Int32Array;
  /**
   * A tensor holding `values`, float32 or int32 as the array is (the host may
   * keep the array: do not write to it afterwards).
   */
  tensor(shape: number[], values: Float32Array | Int32Array): tf.TensorInfo;
  /**
   * A new float32 tensor for the kernel to fill through `view`, every
   * element: on wasm it starts with whatever the heap held. Allocating it
   * first and writing in place spares the copy that `tensor` makes of a
   * JavaScript array.
   */
  empty(shape: number[]): tf.TensorInfo;
  /** `info` with another shape of the same size, sharing its data (no copy, nothing to free). */
  reshaped(info: tf.TensorInfo, shape: number[]): tf.TensorInfo;
  /**
   * `op(a) · op(b)` by the backend's `BatchMatMul` (rank 2 or 3, batches
   * broadcast), returned as a JavaScript array; nothing is left allocated.
   */
  matMul(
    a: tf.TensorInfo,
    b: tf.TensorInfo,
    transposeA: boolean,
    transposeB: boolean,
  ): Float32Array;
  /** `matMul` of a JavaScript array `a` (shape `aShape`) by a tensor. */
  matMulValues(
    a: Float32Array,
    aShape: number[],
    b: tf.TensorInfo,
    transposeA: boolean,
    transposeB: boolean,
  ): Float32Array;
  /**
   * A tensor computed from `source`'s values (a block of a weight's
   * columns), kept across kernel calls while the backend holds `source` and
   * reused, so a decoding step does not copy the weight again. Do not free it.
   */
  derived(
    source: tf.TensorInfo,
    key: string,
    shape: number[],
    compute: (values: Float32Array) => Float32Array,
  ): tf.TensorInfo;
  /**
   * `a · Wᵀ` (`transposeWeight`) or `a · W` for a weight input W of the
   * kernel, `[r, c]`, or one matrix per direction `[D, r, c]` with `a`
   * `[D, m, ·]` (→ `[D, m, ·]`). Each product is a plain 2-D one by W's matrix
   * in `[in, out]` layout: W itself, or a transposed copy (or one direction's
   * block) made once per weight and kept while W lives (see `derived`). The
   * wasm backend's GEMM packs such a matrix once and reuses the packing under
   * its id, so a product repeated at every step neither transposes nor
   * re-packs the weight.
   */
  multiplyByWeight(
    a: Float32Array,
    aShape: number[],
    weight: tf.TensorInfo,
    transposeWeight: boolean,
  ): Float32Array;
  /**
   * Each row's log-normaliser `log Σⱼ exp(zⱼ)` of `logits [r, V]` (this
   * allocates: views taken before it die). On wasm it is `max − log p(max)`
   * from the backend's softmax (XNNPACK's, vectorised: about 1 ns a value
   * against 7 ns for the scalar sum); on cpu, `max + log Σ exp(z − max)` in
   * float64.
   */
  logNormalisers(logits: tf.TensorInfo): Float32Array;
  /**
   * Whether the backend's element-wise kernels are vectorised (wasm:
   * XNNPACK's), so that a few of them through `run` beat one JavaScript
   * loop over the same values.
   */
  vectorised: boolean;
  /** The backend's own kernel `kernelName` on tensors of this kernel (nothing is recorded). */
  run(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs?: tf.NamedAttrMap): tf.TensorInfo;
  /** Frees a tensor this kernel made and does not return. */
  free(info: tf.TensorInfo): void;
  /** `matMul` of two JavaScript arrays. */
  matMulArrays(
    a: Float32Array,
    aShape: number[],
    b: Float32Array,
    bShape: number[],
    transposeA: boolean,
    transposeB: boolean,
  ): Float32Array;
}

type KernelArgs = Parameters<tf.KernelFunc>[0];

function dtypeOf(values: Float32Array | Int32Array): 'float32' | 'int32' {
  return values instanceof Int32Array ? 'int32' : 'float32';
}

/**
 * Matrix `direction` of a `[D, r, c]` weight's values, transposed to `[c, r]`
 * when `transpose`.
 */
function weightMatrix(
  values: Float32Array,
  shape: number[],
  direction: number,
  transpose: boolean,
): Float32Array {
  const [r, c] = shape.slice(-2) as [number, number];
  const block = values.subarray(direction * r * c, (direction + 1) * r * c);
  if (!transpose) return block.slice();
  const out = new Float32Array(r * c);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) out[j * r + i] = block[i * c + j]!;
  }
  return out;
}

/** Derived tensors per backend: source dataId → key → tensor. */
const derivedTensors = new Map<
  tf.KernelBackend,
  { free: (info: tf.TensorInfo) => void; entries: Map<tf.DataId, Map<string, tf.TensorInfo>> }
>();

/** Frees the derived tensors whose source the backend no longer holds. */
function sweep(backend: tf.KernelBackend, holds: (dataId: tf.DataId) => boolean): void {
  const cache = derivedTensors.get(backend);
  if (!cache) return;
  for (const [source, entries] of cache.entries) {
    if (holds(source)) continue;
    for (const info of entries.values()) cache.free(info);
    cache.entries.delete(source);
  }
}

/** Frees every tensor `KernelHost.derived` keeps (tests that count backend data call it). */
export function releaseDerivedTensors(): void {
  for (const cache of derivedTensors.values()) {
    for (const entries of cache.entries.values()) {
      for (const info of entries.values()) cache.free(info);
    }
  }
  derivedTensors.clear();
}

/** The host of the backend a kernel was called with. */
export function kernelHost(backendName: KernelBackendName, backend: tf.KernelBackend): KernelHost {
  const read =
    backendName === 'wasm'
      ? (info: tf.TensorInfo) => (backend as WasmBackend).typedArrayFromHeap(info).slice()
      : (info: tf.TensorInfo) => (backend as CpuBackend).data.get(info.dataId).values;
  const view =
    backendName === 'wasm'
      ? (info: tf.TensorInfo) => (backend as WasmBackend).typedArrayFromHeap(info) as Float32Array
      : (info: tf.TensorInfo) =>
          (backend as CpuBackend).data.get(info.dataId).values as Float32Array;
  const tensor =
    backendName === 'wasm'
      ? (shape: number[], values: Float32Array | Int32Array) => {
          const wasm = backend as WasmBackend;
          const info = wasm.makeOutput(shape, dtypeOf(values));
          (wasm.typedArrayFromHeap(info) as Float32Array | Int32Array).set(values);
          return info;
        }
      : (shape: number[], values: Float32Array | Int32Array) =>
          (backend as CpuBackend).makeTensorInfo(shape, dtypeOf(values), values);
  const empty =
    backendName === 'wasm'
      ? (shape: number[]) => (backend as WasmBackend).makeOutput(shape, 'float32')
      : (shape: number[]) =>
          (backend as CpuBackend).makeTensorInfo(
            shape,
            'float32',
            new Float32Array(tf.util.sizeFromShape(shape)),
          );
  const free =
    backendName === 'wasm'
      ? (info: tf.TensorInfo) => (backend as WasmBackend).disposeData(info.dataId)
      : (info: tf.TensorInfo) => (backend as CpuBackend).disposeIntermediateTensorInfo(info);
  const holds =
    backendName === 'wasm'
      ? (dataId: tf.DataId) => (backend as WasmBackend).dataIdMap.has(dataId)
      : (dataId: tf.DataId) => (backend as CpuBackend).data.has(dataId);
  sweep(backend, holds);
  const batchMatMul = tf.getKernel('BatchMatMul', backendName)?.kernelFunc;
  if (!batchMatMul) throw new Error(`heed kernels: the ${backendName} backend has no BatchMatMul`);
  const matMul = (a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean) => {
    const product = batchMatMul({
      inputs: { a, b },
      attrs: { transposeA, transposeB },
      backend,
    } as KernelArgs) as tf.TensorInfo;
    const result = read(product) as Float32Array;
    // The cpu backend's array outlives the tensor; the wasm copy already does.
    free(product);
    return result;
  };
  const derived = (
    source: tf.TensorInfo,
    key: string,
    shape: number[],
    compute: (values: Float32Array) => Float32Array,
  ): tf.TensorInfo => {
    let cache = derivedTensors.get(backend);
    if (!cache) {
      cache = { free, entries: new Map() };
      derivedTensors.set(backend, cache);
    }
    let entries = cache.entries.get(source.dataId);
    if (!entries) {
      entries = new Map();
      cache.entries.set(source.dataId, entries);
    }
    let info = entries.get(key);
    if (!info) {
      info = tensor(shape, compute(read(source) as Float32Array));
      entries.set(key, info);
    }
    return info;
  };
  const softmax = tf.getKernel('Softmax', backendName)?.kernelFunc;
  const logNormalisers = (logits: tf.TensorInfo) => {
    const [r, V] = logits.shape as [number, number];
    const z = view(logits);
    const maxima = new Float32Array(r);
    const argmax = new Int32Array(r); // a column holding the row's maximum
    for (let i = 0; i < r; i++) {
      let max = Number.NEGATIVE_INFINITY;
      for (let j = i * V; j < (i + 1) * V; j++) {
        if (z[j]! > max) {
          max = z[j]!;
          argmax[i] = j - i * V;
        }
      }
      maxima[i] = max;
    }
    const result = new Float32Array(r);
    if (backendName === 'wasm' && softmax) {
      const probabilities = softmax({
        inputs: { logits },
        attrs: { dim: 1 }, // the kernel takes the axis as given
        backend,
      } as KernelArgs) as tf.TensorInfo;
      const p = view(probabilities);
      for (let i = 0; i < r; i++) result[i] = maxima[i]! - Math.log(p[i * V + argmax[i]!]!);
      free(probabilities);
      return result;
    }
    for (let i = 0; i < r; i++) {
      const max = maxima[i]!;
      let sum = 0;
      for (let j = i * V; j < (i + 1) * V; j++) sum += exp(z[j]! - max);
      result[i] = max + Math.log(sum);
    }
    return result;
  };
  const run = (kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}) => {
    const kernel = tf.getKernel(kernelName, backendName);
    if (!kernel) throw new Error(`heed kernels: the ${backendName} backend has no ${kernelName}`);
    return kernel.kernelFunc({ inputs, attrs, backend } as KernelArgs) as tf.TensorInfo;
  };
  const matMulValues = (
    a: Float32Array,
    aShape: number[],
    b: tf.TensorInfo,
    transposeA: boolean,
    transposeB: boolean,
  ) => {
    const temporary = tensor(aShape, a);
    try {
      return matMul(temporary, b, transposeA, transposeB);
    } finally {
      free(temporary);
    }
  };
  return {
    values: (info) => read(info) as Float32Array,
    view,
    ints: (info) => read(info) as Int32Array,
    tensor,
    empty,
    reshaped: (info, shape) => ({ dataId: info.dataId, shape, dtype: info.dtype }),
    matMul,
    matMulValues,
    derived,
    logNormalisers,
    vectorised: backendName === 'wasm',
    run,
    free,
    multiplyByWeight(a, aShape, weight, transposeWeight) {
      const [r, c] = weight.shape.slice(-2) as [number, number];
      const directions = weight.shape.length === 3 ? (weight.shape[0] as number) : 1;
      const [inner, outer] = transposeWeight ? [c, r] : [r, c];
      const m = aShape[aShape.length - 2] as number;
      const matrix = (d: number): tf.TensorInfo =>
        directions === 1 && !transposeWeight
          ? { dataId: weight.dataId, shape: [r, c], dtype: weight.dtype }
          : derived(
              weight,
              `${transposeWeight ? 'transposed' : 'block'}:${d}`,
              [inner, outer],
              (w) => weightMatrix(w, weight.shape, d, transposeWeight),
            );
      if (directions === 1) return matMulValues(a, [m, inner], matrix(0), false, false);
      const product = new Float32Array(directions * m * outer); // [D, m, out]
      for (let d = 0; d < directions; d++) {
        const rows = a.subarray(d * m * inner, (d + 1) * m * inner);
        product.set(matMulValues(rows, [m, inner], matrix(d), false, false), d * m * outer);
      }
      return product;
    },
    matMulArrays(a, aShape, b, bShape, transposeA, transposeB) {
      const left = tensor(aShape, a);
      const right = tensor(bShape, b);
      try {
        return matMul(left, right, transposeA, transposeB);
      } finally {
        free(left);
        free(right);
      }
    },
  };
}

/** A kernel written once against `KernelHost`, for every backend in `KERNEL_BACKENDS`. */
export type HostKernel = (
  host: KernelHost,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
) => tf.TensorInfo | tf.TensorInfo[];

/** Registers `kernel` under `kernelName` for the cpu and wasm backends (once). */
export function registerHostKernel(kernelName: string, kernel: HostKernel): void {
  for (const backendName of KERNEL_BACKENDS) {
    if (tf.getKernel(kernelName, backendName)) continue;
    tf.registerKernel({
      kernelName,
      backendName,
      kernelFunc: ({ inputs, attrs, backend }) =>
        kernel(kernelHost(backendName, backend as tf.KernelBackend), inputs, attrs ?? {}),
    });
  }
}

/** Whether the active backend has the kernel `kernelName`. */
export function hasKernel(kernelName: string): boolean {
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}

/**
 * True when the engine will record the op about to run on a gradient tape
 * (TF.js's own test: inside `tf.grads`/`minimize`, outside any kernel), and so
 * keep the outputs its gradient saves. An op passes it to its kernel, which
 * then skips computing those outputs in inference (decoding).
 */
export function gradientTapeIsRecording(): boolean {
  return (tf.engine() as unknown as { isTapeOn(): boolean }).isTapeOn();
}
