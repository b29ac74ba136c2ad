import type {
  BackendName,
  BackendPlatform,
  BackendReport,
  InitBackendOptions,
} from '../backend/backend-options';
import { BACKEND_PACKAGES } from '../backend/backend-packages';
import { activateRegistered } from '../backend/browser-backends';
import { ensureGradients } from '../backend/gradients';
import { selectBackend } from '../backend/init-backend';
import { activateCpu, activateNative } from '../backend/native-backend';
import { activateWasm } from '../backend/wasm-backend';
import { activateWebGpuInNode, DAWN_PACKAGE } from './webgpu-in-node';

/**
 * Node's backends: native TensorFlow, then heed's wasm loader, then pure
 * JavaScript; WebGPU through Dawn when asked for by name.
 */
const NODE_BACKENDS: BackendPlatform = {
  autoOrder: ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'],
  ensureGradients,
  activate(name, options, log) {
    if (name === 'tensorflow' || name === 'tensorflow-gpu') return activateNative(name);
    if (name === 'wasm') return activateWasm(options.threads, log);
    if (name === 'cpu') return activateCpu();
    if (name === 'webgpu') return activateWebGpuInNode(options, log);
    return activateRegistered(name, options, log);
  },
  advice(name) {
    if (name === 'webgpu') {
      return `Install it with \`npm i ${BACKEND_PACKAGES.webgpu} ${DAWN_PACKAGE}\` (Dawn's Node binding, which ships its binary) on a machine with a Vulkan driver; heed detects them at run time.`;
    }
    if (name === 'webgl') {
      return `It runs in a browser; under Node register a backend named '${name}' before initBackend.`;
    }
    const extra =
      name === 'tensorflow-gpu'
        ? ' (its install step downloads libtensorflow with CUDA; it needs an NVIDIA GPU with CUDA 11.x and cuDNN)'
        : name === 'tensorflow'
          ? ' (its install step downloads libtensorflow)'
          : '';
    return `Install it with \`npm i ${BACKEND_PACKAGES[name]}\`${extra}; heed detects it at run time.`;
  },
};

/**
 * Selects and initialises the TF.js backend heed trains and decodes on, and
 * registers the gradients training needs (Node build of `@heed/core`).
 *
 * `auto` tries, in order, `@tensorflow/tfjs-node-gpu` (CUDA),
 * `@tensorflow/tfjs-node` (native CPU), `@tensorflow/tfjs-backend-wasm`
 * (with heed's training kernels, threaded in Node), then `cpu` (pure
 * JavaScript), and reports which it chose and why each earlier one was
 * skipped. `webgpu`, by name only, runs `@tensorflow/tfjs-backend-webgpu` on
 * Dawn's Node binding (the `webgpu` package) and the machine's Vulkan
 * driver; `auto` leaves it out, since for heed's small per-step ops a GPU
 * reached through WebGPU is not yet known to beat wasm. heed's own kernels
 * are registered for cpu and wasm (`registerHeedKernels`); on other backends
 * every op runs its TF.js composite. The optional packages are optional
 * peers: a missing one is an ordinary skip. Asking for one backend by name throws a `HeedError` that
 * says how to install it when it is unavailable.
 *
 * ```ts
 * const report = await initBackend('auto', { log: console.log });
 * console.log(`backend: ${report.name} (${report.reason})`);
 * ```
 */
export function initBackend(
  name: BackendName = 'auto',
  options: InitBackendOptions = {},
): Promise<BackendReport> {
  return selectBackend(NODE_BACKENDS, name, options);
}
