/** The pthread pool tfjs-backend-wasm 4.22 is compiled with, and its C++ cap on threads. */
export const WASM_MAX_THREADS = 8;
