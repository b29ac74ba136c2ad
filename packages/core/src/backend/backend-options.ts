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
