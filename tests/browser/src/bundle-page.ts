// The bundle page: loads the exported bundles from the test's server and
// translates with them on the backend named in the URL (?backend=webgl). The
// result lands in `window.heedBundleResult`, a failure in `window.heedError`.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import type { BackendName } from '@heed/core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { type BundleScenarioResult, runBundleScenario } from './bundle-scenario';

declare global {
  interface Window {
    heedBundleResult?: BundleScenarioResult;
  }
}

setWasmPaths('/wasm/');
const backend = (new URLSearchParams(location.search).get('backend') ?? 'cpu') as BackendName;
runBundleScenario(backend).then(
  (result) => {
    window.heedBundleResult = result;
  },
  (error: unknown) => {
    window.heedError = error instanceof Error ? `${error.message}\n${error.stack}` : String(error);
  },
);
