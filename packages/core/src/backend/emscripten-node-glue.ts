import type { WasmModule } from './wasm-internals';

const EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/**
 * Call before creating a tfjs-backend-wasm module in Node; the returned
 * function removes the process-wide handlers added since. Emscripten's Node
 * glue adds an `uncaughtException` and an `unhandledRejection` handler that
 * rethrow, which serve its `exit()` handling (tfjs never exits) and would
 * outlive the backend.
 */
export function trackProcessHandlers(): () => void {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Set(EVENTS.flatMap((event) => emitter.listeners(event)));
  return () => {
    for (const event of EVENTS) {
      for (const listener of emitter.listeners(event)) {
        if (!before.has(listener)) emitter.removeListener(event, listener as () => void);
      }
    }
  };
}

/**
 * Makes disposing the backend call the module's C `dispose` directly.
 * tfjs-backend-wasm 4.22 wraps `_dispose` to remove the handlers emscripten
 * added, but its filter (`!list.indexOf(listener) > -1`) is always true, so
 * disposing the backend would remove every handler the process had when the
 * module was created, the application's and the test runner's included.
 * Pair it with `trackProcessHandlers`, which removes emscripten's own.
 */
export function disposeDirectly(module: WasmModule): void {
  const dispose = module.asm?.dispose;
  if (typeof dispose !== 'function') return;
  module._dispose = dispose as () => void;
  module.tfjs.dispose = dispose as () => void;
}
