// The TF.js backends the page bundles, for the page and for its training
// workers alike: importing this module registers webgpu, webgl, wasm and cpu
// and every gradient, and points the wasm backend at the binaries Vite emits
// next to the page (relative URLs, so a static host works).
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { type BackendName, type BackendReport, initBackend } from '@heed/core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});

/** The backends a user can pick, `auto` (webgpu → webgl → wasm → cpu) first. */
export const PAGE_BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;

/** A backend the picker offers. */
export type PageBackend = (typeof PAGE_BACKENDS)[number] & BackendName;

/** The latest backend activation; computing waits for it. */
let activation: Promise<unknown> = Promise.resolve();

/**
 * Activates `name` (threaded wasm only in a cross-origin-isolated page, which
 * `initBackend` checks) and says which backend runs and why.
 */
export function useBackend(name: PageBackend): Promise<BackendReport> {
  const report = activation.then(() => initBackend(name));
  activation = report.catch(() => undefined);
  return report;
}

/** Resolves once no backend is being activated: tensors made before then could land on a half-started backend. */
export function backendSettled(): Promise<unknown> {
  return activation;
}

/** `webgl (…)`, then the backends `auto` passed over and why. */
export function describeBackend(report: BackendReport): string {
  const skipped = report.skipped.map((entry) => `${entry.name}: ${entry.why}`);
  return [`${report.name} (${report.reason})`, ...skipped].join('; ');
}
