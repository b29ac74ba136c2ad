import { HeedError } from '../errors';
import { registerHeedKernels } from '../kernels/register-heed-kernels';
import { assertKnownKeys, assertOneOf, assertPositiveInteger } from '../validation';
import { ensureGradients, type GradientSource } from './gradients';
import { activateCpu, activateNative, BACKEND_PACKAGES } from './native-backend';
import { type Activation, activateWasm } from './wasm-backend';

/** A backend heed can select; `auto` picks the fastest one available. */
export type BackendName = 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** Every name `initBackend` accepts, `auto` first. */
export const BACKEND_NAMES: readonly BackendName[] = [
  'auto',
  'tensorflow-gpu',
  'tensorflow',
  'wasm',
  'cpu',
];

/** The order `auto` tries. */
const AUTO_ORDER = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;

type ConcreteBackend = (typeof AUTO_ORDER)[number];

export interface InitBackendOptions {
  /**
   * Threads for the wasm backend (Node). Defaults to all the machine's cores,
   * at most 8 (the limit tfjs-backend-wasm 4.22 is compiled with); 1 selects
   * the single-threaded SIMD build.
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

const OWNER = 'initBackend';

function installAdvice(name: ConcreteBackend): string {
  const extra =
    name === 'tensorflow-gpu'
      ? ' (its install step downloads libtensorflow with CUDA; it needs an NVIDIA GPU with CUDA 11.x and cuDNN)'
      : name === 'tensorflow'
        ? ' (its install step downloads libtensorflow)'
        : '';
  return `Install it with \`npm i ${BACKEND_PACKAGES[name]}\`${extra}; heed detects it at run time.`;
}

async function activate(
  name: ConcreteBackend,
  options: InitBackendOptions,
  log: (line: string) => void,
): Promise<Activation> {
  if (name === 'wasm') return activateWasm(options.threads, log);
  if (name === 'cpu') return activateCpu();
  return activateNative(name);
}

/**
 * Selects and initialises the TF.js backend heed trains and decodes on, and
 * registers the gradients training needs.
 *
 * `auto` tries, in order, `@tensorflow/tfjs-node-gpu` (CUDA),
 * `@tensorflow/tfjs-node` (native CPU), `@tensorflow/tfjs-backend-wasm`
 * (with heed's training kernels, threaded in Node), then `cpu` (pure
 * JavaScript), and reports which it chose and why each earlier one was
 * skipped. heed's own kernels are registered for cpu and wasm
 * (`registerHeedKernels`). The native packages are optional peers: a missing one is an
 * ordinary skip. Asking for one backend by name throws a `HeedError` that
 * says how to install it when it is unavailable.
 *
 * ```ts
 * const report = await initBackend('auto', { log: console.log });
 * console.log(`backend: ${report.name} (${report.reason})`);
 * ```
 */
export async function initBackend(
  name: BackendName = 'auto',
  options: InitBackendOptions = {},
): Promise<BackendReport> {
  assertOneOf(OWNER, 'name', name, BACKEND_NAMES);
  assertKnownKeys(OWNER, options, ['threads', 'log']);
  if (options.threads !== undefined) assertPositiveInteger(OWNER, 'threads', options.threads);
  const log = options.log ?? (() => {});

  const gradients = await ensureGradients();
  registerHeedKernels();
  if (gradients.source === 'missing') {
    log(`gradients are not registered, so training will fail: ${gradients.why}`);
  }
  const candidates = name === 'auto' ? AUTO_ORDER : [name];
  const skipped: BackendReport['skipped'] = [];
  for (const candidate of candidates) {
    const result = await activate(candidate, options, log);
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
        `${OWNER}: backend '${candidate}' is unavailable (${BACKEND_PACKAGES[candidate]}: ${result.why}). ${installAdvice(candidate)}`,
      );
    }
    log(`skipped ${candidate}: ${result.why}`);
    skipped.push({ name: candidate, why: result.why });
  }
  throw new HeedError(
    `${OWNER}: no backend is available (${skipped.map((s) => `${s.name}: ${s.why}`).join('; ')}). ${installAdvice('cpu')}`,
  );
}
