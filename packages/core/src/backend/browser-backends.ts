import * as tf from '@tensorflow/tfjs-core';
import type {
  Activation,
  BackendPlatform,
  ConcreteBackend,
  InitBackendOptions,
} from './backend-options';
import { BACKEND_PACKAGES } from './backend-packages';
import { gradientsRegistered } from './gradients';
import { registerWasmTrainingKernels } from './register-wasm-training-kernels';
import type { WasmBackend } from './wasm-internals';
import { guardWasmAllocations } from './wasm-memory';

const GRADIENTS_ADVICE =
  "import '@tensorflow/tfjs-core/dist/register_all_gradients' (or '@tensorflow/tfjs') in the page's bundle";

/** True when the page may share memory with workers, which threaded wasm needs. */
function crossOriginIsolated(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

/**
 * Before the wasm backend is first created: allows its threaded build only
 * in a cross-origin-isolated page and when more than one thread is wanted.
 */
function chooseWasmBuild(options: InitBackendOptions, log: (line: string) => void): void {
  const isolated = crossOriginIsolated();
  if (!isolated || options.threads === 1) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  if (!isolated && options.threads !== undefined && options.threads > 1) {
    log(
      `wasm: threads=${options.threads} needs a cross-origin-isolated page (COOP/COEP headers); using one thread`,
    );
  }
}

/**
 * Activates a backend the page's bundle registered. Nothing is imported: a
 * backend is available when its package was bundled and imported, which
 * registers its factory with `@tensorflow/tfjs-core`.
 */
export async function activateRegistered(
  name: ConcreteBackend,
  options: InitBackendOptions,
  log: (line: string) => void,
): Promise<Activation> {
  if (name === 'tensorflow' || name === 'tensorflow-gpu') {
    return { ok: false, why: 'native TensorFlow needs Node' };
  }
  if (tf.findBackendFactory(name) === null) {
    return { ok: false, why: 'not registered' };
  }
  const created = name in tf.engine().registry;
  if (name === 'wasm') {
    registerWasmTrainingKernels();
    if (!created) chooseWasmBuild(options, log);
  }
  if (!(await tf.setBackend(name))) {
    const hint =
      name === 'wasm'
        ? "; check that setWasmPaths(prefix) from '@tensorflow/tfjs-backend-wasm' points at where the page serves its .wasm files"
        : '';
    return { ok: false, why: `initialisation failed${hint}` };
  }
  if (name !== 'wasm') return { ok: true, threads: 1, detail: `${BACKEND_PACKAGES[name]}` };
  const { wasm } = tf.backend() as WasmBackend;
  guardWasmAllocations(wasm);
  const threads = wasm.tfjs.getThreadsCount();
  if (created && options.threads !== undefined && options.threads !== threads) {
    log(
      `wasm: already running with ${threads} thread(s); threads=${options.threads} needs a reload`,
    );
  }
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) ? 'SIMD' : 'no SIMD';
  const isolation = crossOriginIsolated() ? 'cross-origin isolated' : 'not cross-origin isolated';
  return {
    ok: true,
    threads,
    detail: `${threads} thread(s), ${simd}, page ${isolation}`,
  };
}

/** The backends of a page: those its bundle registered, fastest first. */
export const BROWSER_BACKENDS: BackendPlatform = {
  autoOrder: ['webgpu', 'webgl', 'wasm', 'cpu'],
  async ensureGradients() {
    return gradientsRegistered()
      ? { source: 'already registered' }
      : { source: 'missing', why: `none are registered; ${GRADIENTS_ADVICE}` };
  },
  activate: activateRegistered,
  advice(name) {
    if (name === 'tensorflow' || name === 'tensorflow-gpu') {
      return `Use it under Node (npm i ${BACKEND_PACKAGES[name]}); in a page choose webgpu, webgl, wasm or cpu.`;
    }
    return `Bundle it and import it before initBackend: import '${BACKEND_PACKAGES[name]}';`;
  },
};
