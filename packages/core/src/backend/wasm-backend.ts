import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from './backend-options';
import { disposeDirectly, trackProcessHandlers } from './emscripten-node-glue';
import { type InstalledPackage, isNode, locatePackage } from './node-require';
import { describeError, importOptional, whyNotLoaded } from './optional-module';
import { registerWasmTrainingKernels } from './register-wasm-training-kernels';
import type { WasmBackend, WasmModule } from './wasm-internals';
import { WASM_MAX_THREADS } from './wasm-limits';
import { guardWasmAllocations } from './wasm-memory';
import { createThreadedWasmModule, unrefWorkers } from './wasm-threaded-module';

/** The members of `@tensorflow/tfjs-backend-wasm` heed uses. */
interface WasmPackage {
  BackendWasm: new (module: WasmModule) => tf.KernelBackend;
  setThreadsCount(threads: number): void;
  getThreadsCount(): number;
  setWasmPaths(prefix: string): void;
}

/** The package's own priority for 'wasm', kept when heed re-registers it. */
const WASM_PRIORITY = 2;
/** How long loading the threaded module may take before heed falls back. */
const THREADED_INIT_TIMEOUT_MS = 30_000;

/** All the machine's cores, at most the 8 the wasm build supports. */
async function defaultThreads(): Promise<number> {
  const os = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:os');
  const cores =
    typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(cores, WASM_MAX_THREADS));
}

async function buildThreadedBackend(
  wasm: WasmPackage,
  installed: InstalledPackage,
  threads: number,
): Promise<WasmBackend> {
  const module = await createThreadedWasmModule(installed, threads, THREADED_INIT_TIMEOUT_MS);
  try {
    wasm.setThreadsCount(threads);
    const backend = new wasm.BackendWasm(module) as WasmBackend;
    unrefWorkers(module);
    return backend;
  } catch (error) {
    module.PThread?.terminateAllThreads();
    throw error;
  }
}

/** Makes 'wasm' the active backend with heed's threaded module, or says why it cannot. */
async function activateThreaded(
  wasm: WasmPackage,
  installed: InstalledPackage,
  threads: number,
): Promise<{ ok: true; threads: number } | { ok: false; why: string }> {
  if (typeof SharedArrayBuffer === 'undefined') {
    return { ok: false, why: 'SharedArrayBuffer is not available' };
  }
  if (!(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))) {
    return {
      ok: false,
      why: 'this runtime has no WebAssembly SIMD, which the threaded build needs',
    };
  }
  let backend: WasmBackend;
  try {
    backend = await buildThreadedBackend(wasm, installed, threads);
  } catch (error) {
    return { ok: false, why: describeError(error) };
  }
  // The factory hands out the backend built above once; should the backend be
  // removed and asked for again, it builds a new one the same way.
  let prebuilt: WasmBackend | undefined = backend;
  const stockFactory = tf.findBackendFactory('wasm');
  tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    () => {
      const ready = prebuilt;
      prebuilt = undefined;
      return ready ?? buildThreadedBackend(wasm, installed, threads);
    },
    WASM_PRIORITY,
  );
  if (!(await tf.setBackend('wasm'))) {
    tf.removeBackend('wasm');
    if (stockFactory !== null) tf.registerBackend('wasm', stockFactory, WASM_PRIORITY);
    return { ok: false, why: 'tf.setBackend failed' };
  }
  return { ok: true, threads: wasm.getThreadsCount() };
}

/**
 * Makes `@tensorflow/tfjs-backend-wasm` the active backend, with heed's
 * training kernels registered and its allocations guarded.
 *
 * In Node the binaries come from the installed package (located with
 * `require.resolve`, passed to `setWasmPaths`), and with `threads > 1` heed
 * loads the threaded SIMD build itself (see `createThreadedWasmModule`); if
 * that fails for any reason it says why and uses single-threaded SIMD. In a
 * browser the package's own loader and thread detection apply.
 */
export async function activateWasm(
  requestedThreads: number | undefined,
  log: (line: string) => void,
): Promise<Activation> {
  const loaded = await importOptional<WasmPackage & { default?: WasmPackage }>(
    '@tensorflow/tfjs-backend-wasm',
  );
  if (loaded.status !== 'loaded') return { ok: false, why: whyNotLoaded(loaded) };
  const wasm = (loaded.module.BackendWasm ? loaded.module : loaded.module.default) as WasmPackage;
  try {
    registerWasmTrainingKernels();
  } catch (error) {
    return { ok: false, why: describeError(error) };
  }

  // `tf.findBackend` would start initialising a registered backend; the
  // engine's registry holds only the ones already created.
  if ('wasm' in tf.engine().registry || !isNode()) {
    // Already created (its threads were fixed then), or a browser: the package decides.
    if (!(await tf.setBackend('wasm'))) return { ok: false, why: 'initialisation failed' };
    guardWasmAllocations((tf.backend() as WasmBackend).wasm);
    const threads = wasm.getThreadsCount();
    if (requestedThreads !== undefined && requestedThreads !== threads) {
      log(
        `wasm: already running with ${threads} thread(s); threads=${requestedThreads} needs a new process`,
      );
    }
    return { ok: true, threads, detail: `${threads} thread(s), set up before or by the package` };
  }

  const located = await locatePackage('@tensorflow/tfjs-backend-wasm');
  if ('why' in located) return { ok: false, why: located.why };
  wasm.setWasmPaths(`${located.found.directory}dist/`);
  const wanted = requestedThreads ?? (await defaultThreads());
  const threads = Math.min(wanted, WASM_MAX_THREADS);
  if (threads < wanted) {
    log(
      `wasm: ${wanted} threads asked for; tfjs-backend-wasm supports at most ${WASM_MAX_THREADS}`,
    );
  }
  let singleReason = requestedThreads === undefined ? 'one core' : 'one thread asked for';
  if (threads > 1) {
    const threaded = await activateThreaded(wasm, located.found, threads);
    if (threaded.ok) {
      guardWasmAllocations((tf.backend() as WasmBackend).wasm);
      return {
        ok: true,
        threads: threaded.threads,
        detail: `threaded SIMD, ${threaded.threads} threads, tfjs-backend-wasm ${located.found.version}`,
      };
    }
    singleReason = `threads unavailable: ${threaded.why}`;
    log(`wasm: ${singleReason}; falling back to single-threaded SIMD`);
  }
  const removeAddedHandlers = trackProcessHandlers();
  const started = await tf.setBackend('wasm');
  removeAddedHandlers();
  if (!started) return { ok: false, why: 'initialisation failed' };
  const { wasm: module } = tf.backend() as WasmBackend;
  disposeDirectly(module);
  guardWasmAllocations(module);
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) ? 'SIMD' : 'no SIMD';
  return {
    ok: true,
    threads: 1,
    detail: `single-threaded ${simd} (${singleReason}), tfjs-backend-wasm ${located.found.version}`,
  };
}
