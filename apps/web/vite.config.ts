import { defineConfig } from 'vite';

/**
 * Cross-origin isolation (COOP + COEP) lets the wasm backend use threads;
 * the dev server and `npm run web` both send these headers.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// `base: './'`: every asset path is relative, so dist/ works from any static host and folder.
export default defineConfig({
  base: './',
  server: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
});
