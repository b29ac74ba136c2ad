import { disposeDirectly, trackProcessHandlers } from './emscripten-node-glue';
import type { InstalledPackage } from './node-require';
import type { WasmModule } from './wasm-internals';

const THREADED_SCRIPT = 'wasm-out/tfjs-backend-wasm-threaded-simd.js';
const THREADED_WORKER = 'wasm-out/tfjs-backend-wasm-threaded-simd.worker.js';
const THREADED_BINARY = 'dist/tfjs-backend-wasm-threaded-simd.wasm';
const PROBE_MESSAGE = 'heed-wasm-worker-ready';

type EmscriptenFactory = (config: Record<string, unknown>) => Promise<WasmModule>;

/**
 * The pthread worker as a `data:` URL that Node's `worker_threads` can run.
 * tfjs-backend-wasm ships the worker as a string and starts it from a blob
 * URL, which Node's `Worker` rejects (tensorflow/tfjs#3830). The emscripten
 * worker script expects CommonJS globals (`require`, `__filename`), which an
 * ES-module `data:` worker lacks, so a preamble provides them, pointing at
 * the threaded script it then loads with `importScripts`. A probe worker
 * (`workerData.heedProbe`) reports that the script evaluated.
 */
function workerUrl(workerSource: string, mainScript: string): URL {
  // The package's template literal turned the worker's `\n` escapes into real newlines.
  const source = workerSource.replace(/\n/g, '\\n');
  const code = [
    "import { createRequire } from 'node:module';",
    "import { parentPort, workerData } from 'node:worker_threads';",
    `globalThis.require = createRequire(${JSON.stringify(mainScript)});`,
    `globalThis.__filename = ${JSON.stringify(mainScript)};`,
    `(0, eval)(${JSON.stringify(source)});`,
    `if (workerData && workerData.heedProbe) parentPort.postMessage(${JSON.stringify(PROBE_MESSAGE)});`,
  ].join('\n');
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Starts one worker from `url` and waits until the worker script has been
 * evaluated, so a worker that cannot start fails here, cleanly, instead of
 * inside emscripten (whose worker error handler throws on the main thread).
 */
async function probeWorker(url: URL, timeoutMs: number): Promise<void> {
  const { Worker } = await import(
    /* webpackIgnore: true */ /* @vite-ignore */ 'node:worker_threads'
  );
  const worker = new Worker(url, { workerData: { heedProbe: true } });
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        worker.once('message', (message) => {
          if (message === PROBE_MESSAGE) resolve();
          else reject(new Error(`unexpected message from the worker: ${String(message)}`));
        });
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`the worker exited with code ${code}`)));
      }),
      timeoutMs,
      'starting a wasm worker',
    );
  } finally {
    await worker.terminate();
  }
}

/**
 * Instantiates tfjs-backend-wasm's threaded SIMD build in Node, which the
 * package itself never does (it reports no thread support under Node):
 *
 * - the pthread workers run from a `data:` URL (see `workerUrl`);
 * - the binary is read from the installed package and instantiated by heed,
 *   which also answers the module's `emscripten_num_logical_cores` import
 *   with `2 × threads`: the C++ side sizes its pool as `cores / 2`, capped at
 *   8, when the module starts, so this is the one place to choose it;
 * - the pool's workers are `unref`'d once running, so they never keep the
 *   process alive, and emscripten's process handlers are removed (see
 *   `emscripten-node-glue.ts`).
 *
 * Returns the emscripten module with the `tfjs` bindings `BackendWasm`
 * expects (as the package's own loader sets them up).
 */
export async function createThreadedWasmModule(
  installed: InstalledPackage,
  threads: number,
  timeoutMs: number,
): Promise<WasmModule> {
  const [{ createRequire }, { readFile }] = await Promise.all([
    import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:module'),
    import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:fs/promises'),
  ]);
  const require = createRequire(`${installed.directory}package.json`);
  const mainScript = require.resolve(`./${THREADED_SCRIPT}`);
  const factory = require(mainScript) as EmscriptenFactory;
  const { wasmWorkerContents } = require(`./${THREADED_WORKER}`) as { wasmWorkerContents: string };
  const binary = await readFile(`${installed.directory}${THREADED_BINARY}`);
  const url = workerUrl(wasmWorkerContents, mainScript);
  await probeWorker(url, timeoutMs);

  let failInstantiation: (error: unknown) => void = () => {};
  const instantiationFailed = new Promise<never>((_, reject) => {
    failInstantiation = reject;
  });
  const config: Record<string, unknown> & { PThread?: WasmModule['PThread'] } = {
    locateFile: (path: string, prefix: string) =>
      path.endsWith('.worker.js') ? url : prefix + path,
    mainScriptUrlOrBlob: mainScript,
    instantiateWasm: (
      imports: { env: Record<string, unknown> },
      receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
    ) => {
      const env = { ...imports.env, emscripten_num_logical_cores: () => 2 * threads };
      WebAssembly.instantiate(binary, { ...imports, env, wasi_snapshot_preview1: env }).then(
        ({ instance, module }) => receive(instance, module),
        failInstantiation,
      );
      return {};
    },
  };
  const removeAddedHandlers = trackProcessHandlers();
  let module: WasmModule;
  try {
    module = await withTimeout(
      Promise.race([factory(config), instantiationFailed]),
      timeoutMs,
      'loading the threaded wasm module',
    );
  } catch (error) {
    config.PThread?.terminateAllThreads();
    throw error;
  } finally {
    removeAddedHandlers();
  }
  const cwrap = module.cwrap.bind(module);
  Object.assign(module, {
    tfjs: {
      init: cwrap('init', null, []),
      initWithThreadsCount: cwrap('init_with_threads_count', null, ['number']),
      getThreadsCount: cwrap('get_threads_count', 'number', []),
      registerTensor: cwrap('register_tensor', null, ['number', 'number', 'number']),
      disposeData: cwrap('dispose_data', null, ['number']),
      dispose: cwrap('dispose', null, []),
    },
  });
  disposeDirectly(module);
  return module;
}

/** Lets the process exit while the pool's threads idle. */
export function unrefWorkers(module: WasmModule): void {
  for (const worker of module.PThread?.runningWorkers ?? []) worker.unref();
}
