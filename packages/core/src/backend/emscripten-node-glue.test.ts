import { describe, expect, it, vi } from 'vitest';
import { disposeDirectly, trackProcessHandlers } from './emscripten-node-glue';
import type { WasmModule } from './wasm-internals';

describe('trackProcessHandlers', () => {
  it('removes only the handlers added after it was called', () => {
    const earlier = () => {};
    process.on('unhandledRejection', earlier);
    const removeAdded = trackProcessHandlers();
    const added = () => {};
    process.on('uncaughtException', added);
    process.on('unhandledRejection', added);
    removeAdded();
    expect(process.listeners('uncaughtException')).not.toContain(added);
    expect(process.listeners('unhandledRejection')).not.toContain(added);
    expect(process.listeners('unhandledRejection')).toContain(earlier);
    process.removeListener('unhandledRejection', earlier);
  });
});

describe('disposeDirectly', () => {
  it("points the backend's dispose at the C function", () => {
    const raw = vi.fn();
    const wrapper = vi.fn();
    const module = { asm: { dispose: raw }, _dispose: wrapper, tfjs: { dispose: wrapper } };
    disposeDirectly(module as unknown as WasmModule);
    module.tfjs.dispose();
    expect(raw).toHaveBeenCalledTimes(1);
    expect(wrapper).not.toHaveBeenCalled();
    expect(module._dispose).toBe(raw);
  });
});
