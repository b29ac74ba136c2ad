import { HeedError } from '../errors';
import { registerHeedKernels } from '../kernels/register-heed-kernels';
import { assertKnownKeys, assertOneOf, assertPositiveInteger } from '../validation';
import {
  BACKEND_NAMES,
  type BackendName,
  type BackendPlatform,
  type BackendReport,
  type InitBackendOptions,
} from './backend-options';
import { BACKEND_PACKAGES } from './backend-packages';
import { BROWSER_BACKENDS } from './browser-backends';

const OWNER = 'initBackend';

/**
 * Selects and initialises the TF.js backend heed trains and decodes on, on
 * `platform`, and registers the gradients training needs: the body of both
 * `initBackend`s (the page's below, Node's in `node/init-backend.ts`).
 */
export async function selectBackend(
  platform: BackendPlatform,
  name: BackendName,
  options: InitBackendOptions,
): Promise<BackendReport> {
  assertOneOf(OWNER, 'name', name, BACKEND_NAMES);
  assertKnownKeys(OWNER, options, ['threads', 'log']);
  if (options.threads !== undefined) assertPositiveInteger(OWNER, 'threads', options.threads);
  const log = options.log ?? (() => {});

  const gradients = await platform.ensureGradients();
  registerHeedKernels();
  if (gradients.source === 'missing') {
    log(`gradients are not registered, so training will fail: ${gradients.why}`);
  }
  const candidates = name === 'auto' ? platform.autoOrder : [name];
  const skipped: BackendReport['skipped'] = [];
  for (const candidate of candidates) {
    const result = await platform.activate(candidate, options, log);
    if (result.ok) {
      log(`backend: ${candidate} (${result.detail})`);
      return {
        name: candidate,
        reason: result.detail,
        skipped,
        ...(candidate === 'wasm' ? { threads: result.threads } : {}),
        gradients: gradients.source,
      };
    }
    if (name !== 'auto') {
      throw new HeedError(
        `${OWNER}: backend '${candidate}' is unavailable (${BACKEND_PACKAGES[candidate]}: ${result.why}). ${platform.advice(candidate)}`,
      );
    }
    log(`skipped ${candidate}: ${result.why}`);
    skipped.push({ name: candidate, why: result.why });
  }
  throw new HeedError(
    `${OWNER}: no backend is available (${skipped.map((s) => `${s.name}: ${s.why}`).join('; ')}). ${platform.advice('cpu')}`,
  );
}

/**
 * Selects and initialises the TF.js backend heed trains and decodes on, and
 * checks that the gradients training needs are registered.
 *
 * In a page, heed uses the backends the page's bundle registered (by
 * importing `@tensorflow/tfjs-backend-webgpu`, `-webgl`, `-wasm` or `-cpu`,
 * or `@tensorflow/tfjs`); it never imports a package by name at run time.
 * `auto` tries `webgpu`, `webgl`, `wasm`, then `cpu`, and reports which it
 * chose and why each earlier one was passed over (not registered, or its
 * initialisation failed, e.g. no WebGPU adapter). For `wasm`, call the
 * package's `setWasmPaths(prefix)` first, so the page can fetch its `.wasm`
 * files; it runs threaded only in a cross-origin-isolated page.
 *
 * Under Node, `@heed/core` resolves to its Node build, whose `initBackend`
 * tries `@tensorflow/tfjs-node-gpu`, `@tensorflow/tfjs-node`, the threaded
 * wasm backend and `cpu`, loading them itself.
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
  return selectBackend(BROWSER_BACKENDS, name, options);
}
