export {
  BACKEND_NAMES,
  type BackendName,
  type BackendReport,
  type InitBackendOptions,
} from './backend-options';
export type { GradientSource } from './gradients';
export { initBackend } from './init-backend';
export { registerWasmTrainingKernels } from './register-wasm-training-kernels';
export { WASM_MAX_THREADS } from './wasm-limits';
export {
  isWasmOutOfMemory,
  WASM_HEAP_LIMIT_BYTES,
  withWasmMemoryGuard,
} from './wasm-memory';
