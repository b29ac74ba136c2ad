import { HeedError } from '../errors';
import { registerHeedKernels } from '../kernels/register-heed-kernels';
import { assertKnownKeys, assertOneOf, assertPositiveInteger } from '../validation';
import { BACKEND_PACKAGES } from './backend-packages';
import { BROWSER_BACKENDS } from './browser-backends';
import type { GradientSource } from './gradients';

/** A backend heed can select; `auto` picks the fastest one available. */
export type BackendName =
  | 'auto'
  | 'tensorflow-gpu'
  | 'tensorflow'
  | 'webgpu'
  | 'webgl'
  | 'wasm'
  | 'cpu';

/** Every name `initBackend` accepts, `auto` first. */
export const BACKEND_NAMES: readonly BackendName[] = [
  'auto',
  'tensorflow-gpu',
  'tensorflow',
  'webgpu',
  'webgl',
  'wasm',
  'cpu',
];

/** A backend by name, `auto` excluded. */
export type ConcreteBackend = Exclude<BackendName, 'auto'>;

export interface InitBackendOptions {
  /**
   * Threads for the wasm backend. In Node defaults to all the machine's
   * cores, at most 8 (the limit tfjs-backend-wasm 4.22 is compiled with); in
   * a page the package picks the count, and only a cross-origin-isolated page
   * gets more than one. 1 selects the single-threaded SIMD build everywhere.
   */
  threads?: number;
  /** Receives one line per decision (what was skipped and why, fallbacks). Defaults to none. */
  log?: (line: string) => void;
}

/** What `initBackend` chose and why. */
export interface BackendReport {
  /** The backend now active. */
  name: ConcreteBackend;
  /** What it is and how it was set up, e.g. `threaded SIMD, 8 threads, …`. */
  reason: string;
  /** Backends `auto` tried before this one, with the reason each was passed over. */
  skipped: { name: ConcreteBackend; why: string }[];
  /** Threads the wasm backend computes with; absent for other backends. */
  threads?: number;
  /** Where the gradients training needs came from (`missing` means training will fail). */
  gradients: GradientSource;
}

/** What activating one backend gave. */
export type Activation = { ok: true; detail: string; threads: number } | { ok: false; why: string };

/**
 * How one runtime reaches its backends: Node loads packages and binaries
 * itself (`node/init-backend.ts`), a page uses what its bundle registered
 * (`browser-backends.ts`).
 */
export interface BackendPlatform {
  /** The order `auto` tries. */
  autoOrder: readonly ConcreteBackend[];
  /** Makes sure every kernel's gradient is registered, or says why not. */
  ensureGradients(): Promise<{ source: GradientSource; why?: string }>;
  /** Makes `name` the active backend, or says why it cannot. */
  activate(
    name: ConcreteBackend,
    options: InitBackendOptions,
    log: (line: string) => void,
  ): Promise<Activation>;
  /** How to make `name` available, for the error when it was asked for and is not. */
  advice(name: ConcreteBackend): string;
}

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
