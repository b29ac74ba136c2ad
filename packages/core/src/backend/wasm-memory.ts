import { HeedError } from '../errors';
import type { WasmModule } from './wasm-internals';

/**
 * The most a wasm32 heap can hold: 4 GiB of address space (emscripten caps
 * tfjs-backend-wasm's heap 64 KiB below it). The threaded build's heap is a
 * shared `WebAssembly.Memory` declared with exactly this maximum, so it can
 * never grow further, whatever the machine has.
 */
export const WASM_HEAP_LIMIT_BYTES = 4 * 1024 ** 3;

/** The heap limit tfjs-backend-wasm 4.x is built with (emscripten `getHeapMax`). */
const EMSCRIPTEN_HEAP_MAX_BYTES = 4_294_901_760;

const OUT_OF_MEMORY_PREFIX = 'wasm backend: out of memory';

const ADVICE =
  'Use a smaller batch size (or shorter sequences, a smaller vocabulary or model), ' +
  "or a native backend: npm i @tensorflow/tfjs-node and initBackend('tensorflow').";

const OUT_OF_MEMORY_PATTERN =
  /Cannot enlarge memory|Array buffer allocation failed|Out of memory|\bOOM\b|Maximum memory size|could not allocate/i;

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(2)} GiB`
    : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

/** The error heed throws when the wasm heap is full. */
export function wasmOutOfMemoryError(detail: string, cause?: unknown): HeedError {
  return new HeedError(
    `${OUT_OF_MEMORY_PREFIX} (${detail}; a WebAssembly heap holds at most 4 GiB). ${ADVICE}`,
    cause === undefined ? undefined : { cause },
  );
}

/**
 * True when `error` is the wasm heap running out: a `RangeError` from a
 * failed buffer allocation or memory growth, or an emscripten abort that
 * names memory. heed's own out-of-memory `HeedError` counts too.
 */
export function isWasmOutOfMemory(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { message } = error;
  if (HeedError.isInstance(error)) return message.startsWith(OUT_OF_MEMORY_PREFIX);
  const isRuntimeError =
    typeof WebAssembly !== 'undefined' && (error as Error) instanceof WebAssembly.RuntimeError;
  return (
    ((error as Error) instanceof RangeError || isRuntimeError || message.startsWith('Aborted(')) &&
    OUT_OF_MEMORY_PATTERN.test(message)
  );
}

function translate(error: unknown): unknown {
  if (!isWasmOutOfMemory(error) || HeedError.isInstance(error)) return error;
  return wasmOutOfMemoryError((error as Error).message, error);
}

/**
 * Runs `fn` (sync or async) and turns a wasm out-of-memory failure into a
 * `HeedError` that says to use a smaller batch; every other error passes
 * through unchanged. Wrap a training step or a decoding batch with it:
 *
 * ```ts
 * const loss = await withWasmMemoryGuard(() => trainStep(batch));
 * ```
 */
export function withWasmMemoryGuard<T>(fn: () => T): T {
  let result: T;
  try {
    result = fn();
  } catch (error) {
    throw translate(error);
  }
  if (result instanceof Promise) {
    return result.catch((error: unknown) => {
      throw translate(error);
    }) as T;
  }
  return result;
}

/**
 * Makes the module's `_malloc` throw heed's out-of-memory error instead of
 * returning 0. tfjs-backend-wasm 4.22 does not check: a failed allocation
 * hands it address 0 and the tensor is written over the start of the heap,
 * and a request of 4 GiB or more wraps around to a tiny allocation. Every
 * tensor the backend creates goes through this `_malloc`. Idempotent.
 */
export function guardWasmAllocations(module: WasmModule): void {
  const current = module._malloc as WasmModule['_malloc'] & { heedGuarded?: true };
  if (current.heedGuarded) return;
  const allocate = current.bind(module);
  const guarded = (bytes: number): number => {
    if (bytes > EMSCRIPTEN_HEAP_MAX_BYTES) {
      throw wasmOutOfMemoryError(`cannot allocate ${formatBytes(bytes)} in one tensor`);
    }
    const pointer = allocate(bytes);
    if (pointer === 0 && bytes > 0) {
      throw wasmOutOfMemoryError(
        `cannot allocate ${formatBytes(bytes)} with ${formatBytes(module.HEAPU8.length)} already in the heap`,
      );
    }
    return pointer;
  };
  module._malloc = Object.assign(guarded, { heedGuarded: true as const });
}
