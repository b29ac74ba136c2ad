import type * as tf from '@tensorflow/tfjs-core';

/**
 * The parts of `@tensorflow/tfjs-backend-wasm` 4.x that heed's kernels and
 * loader use: the emscripten module (heap, allocator, tensor registry) and
 * the backend's `dataIdMap`. They are internal to that package, so they are
 * typed here once, narrowly, instead of being reached for ad hoc.
 */
export interface WasmModule {
  HEAPU8: Uint8Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  cwrap(
    name: string,
    returnType: string | null,
    argumentTypes: string[],
  ): (...args: number[]) => number;
  /** The raw WebAssembly exports. */
  asm?: Record<string, unknown>;
  _dispose?: () => void;
  tfjs: {
    registerTensor(id: number, size: number, memoryOffset: number): void;
    disposeData(id: number): void;
    getThreadsCount(): number;
    dispose(): void;
  };
  PThread?: {
    runningWorkers: { unref(): void }[];
    unusedWorkers: { loaded?: boolean }[];
    terminateAllThreads(): void;
  };
}

/** What the backend records for each tensor. */
export interface WasmTensorData {
  id: number;
  memoryOffset: number;
  shape: number[];
  dtype: tf.DataType;
  refCount: number;
}

/** The `BackendWasm` members heed relies on. */
export interface WasmBackend extends tf.KernelBackend {
  wasm: WasmModule;
  dataIdMap: {
    get(dataId: tf.DataId): WasmTensorData;
    has(dataId: tf.DataId): boolean;
    delete(dataId: tf.DataId): boolean;
  };
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
  /** Adds a reference to the data (a tensor that shares it). */
  incRef(dataId: tf.DataId): void;
}

/** Byte offset of a tensor's data on the wasm heap. */
export function memoryOffset(backend: WasmBackend, info: tf.TensorInfo): number {
  return backend.dataIdMap.get(info.dataId).memoryOffset;
}

/**
 * A tensor that aliases `bytes` of another tensor's memory from `byteOffset`
 * on: no copy, no allocation. Release it with `releaseView`, never with
 * `disposeData` (that would free the owner's memory).
 */
export function createView(
  backend: WasmBackend,
  owner: tf.TensorInfo,
  byteOffset: number,
  shape: number[],
): tf.TensorInfo {
  return backend.makeOutput(shape, owner.dtype, memoryOffset(backend, owner) + byteOffset);
}

/** Forgets a view made by `createView`, leaving its owner's memory alone. */
export function releaseView(backend: WasmBackend, view: tf.TensorInfo): void {
  const { id } = backend.dataIdMap.get(view.dataId);
  backend.wasm.tfjs.disposeData(id);
  backend.dataIdMap.delete(view.dataId);
}
