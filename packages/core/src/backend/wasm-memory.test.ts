import { describe, expect, it, vi } from 'vitest';
import { HeedError } from '../errors';
import type { WasmModule } from './wasm-internals';
import { guardWasmAllocations, isWasmOutOfMemory, withWasmMemoryGuard } from './wasm-memory';

function fakeModule(malloc: (bytes: number) => number): WasmModule {
  return { HEAPU8: new Uint8Array(64), _malloc: malloc } as unknown as WasmModule;
}

describe('withWasmMemoryGuard', () => {
  it('turns a failed buffer allocation into a HeedError suggesting a smaller batch', () => {
    const cause = new RangeError('Array buffer allocation failed');
    let caught: unknown;
    try {
      withWasmMemoryGuard(() => {
        throw cause;
      });
    } catch (error) {
      caught = error;
    }
    expect(HeedError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(
      /^wasm backend: out of memory \(Array buffer allocation failed; a WebAssembly heap holds at most 4 GiB\)\. Use a smaller batch size/,
    );
    expect((caught as Error).cause).toBe(cause);
  });

  it("translates emscripten's abort and async rejections", async () => {
    const abort = new WebAssembly.RuntimeError(
      'Aborted(Cannot enlarge memory arrays to size 4294967296)',
    );
    expect(isWasmOutOfMemory(abort)).toBe(true);
    await expect(
      withWasmMemoryGuard(async () => {
        throw abort;
      }),
    ).rejects.toThrow(/^wasm backend: out of memory \(Aborted\(Cannot enlarge memory/);
  });

  it('passes results and every other error through unchanged', async () => {
    expect(withWasmMemoryGuard(() => 42)).toBe(42);
    await expect(withWasmMemoryGuard(async () => 'done')).resolves.toBe('done');
    const other = new RangeError('Invalid array length');
    expect(() =>
      withWasmMemoryGuard(() => {
        throw other;
      }),
    ).toThrow(other);
    expect(isWasmOutOfMemory(new WebAssembly.RuntimeError('Aborted()'))).toBe(false);
    expect(isWasmOutOfMemory('out of memory')).toBe(false);
  });
});

describe('guardWasmAllocations', () => {
  it('throws instead of handing out address 0', () => {
    const module = fakeModule(() => 0);
    guardWasmAllocations(module);
    expect(() => module._malloc(1024)).toThrow(
      /^wasm backend: out of memory \(cannot allocate 0\.0 MiB with 0\.0 MiB already in the heap;/,
    );
    expect(module._malloc(0)).toBe(0);
  });

  it('refuses 4 GiB in one request before the allocator wraps it around', () => {
    const malloc = vi.fn(() => 8);
    const module = fakeModule(malloc);
    guardWasmAllocations(module);
    expect(() => module._malloc(2 ** 32)).toThrow(/cannot allocate 4\.00 GiB in one tensor/);
    expect(malloc).not.toHaveBeenCalled();
    expect(module._malloc(16)).toBe(8);
  });

  it('wraps the allocator once however often it is called', () => {
    const malloc = vi.fn(() => 8);
    const module = fakeModule(malloc);
    guardWasmAllocations(module);
    const guarded = module._malloc;
    guardWasmAllocations(module);
    expect(module._malloc).toBe(guarded);
    module._malloc(4);
    expect(malloc).toHaveBeenCalledTimes(1);
  });
});
