// The test page: the backends and gradients a page bundles, then the scenario
// on the backend named in the URL (?backend=wasm). The result lands in
// `window.heedResult`, a failure in `window.heedError`.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { BackendName } from '@heed/core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { runScenario, type ScenarioResult } from './scenario';

declare global {
  interface Window {
    heedResult?: ScenarioResult;
    heedError?: string;
  }
}

setWasmPaths('/wasm/');
const backend = (new URLSearchParams(location.search).get('backend') ?? 'cpu') as BackendName;
runScenario(backend).then(
  (result) => {
    window.heedResult = result;
  },
  (error: unknown) => {
    window.heedError = error instanceof Error ? `${error.message}\n${error.stack}` : String(error);
  },
);
