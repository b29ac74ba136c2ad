import * as tf from '@tensorflow/tfjs-core';

/** Counts the reads of tensor data back to JavaScript that model code asks a backend for. */
export interface ReadCounter {
  /** Reads (`readSync` and `read`) since the last `reset`. */
  reads(): number;
  reset(): void;
}

/** A backend registered by `registerCountingBackend`. */
export interface CountingBackend extends ReadCounter {
  /** Its name, for `tf.setBackend`. */
  readonly name: string;
  /** Removes the backend (switch to another one first). */
  remove(): void;
}

/**
 * Counts, from now on, every read of tensor data back to JavaScript that
 * `backend` is asked for outside a kernel: on a GPU each one is a device
 * sync. Reads from inside a kernel are the kernels' own business (a GPU
 * kernel reads device memory; a cpu kernel reads its inputs).
 */
export function countReads(backend: tf.KernelBackend): ReadCounter {
  const engine = tf.engine() as unknown as { state: { kernelDepth: number } };
  let count = 0;
  let reading = false;
  const readSync = backend.readSync.bind(backend);
  const read = backend.read.bind(backend);
  backend.readSync = (dataId) => {
    if (!reading && engine.state.kernelDepth === 0) count++;
    return readSync(dataId);
  };
  backend.read = (dataId) => {
    if (engine.state.kernelDepth === 0) count++;
    reading = true; // the cpu backend's read calls its readSync
    try {
      return read(dataId);
    } finally {
      reading = false;
    }
  };
  return {
    reads: () => count,
    reset: () => {
      count = 0;
    },
  };
}

/**
 * Registers a stand-in for a backend heed has no kernels for (a GPU, a
 * native runtime): TF.js's stock cpu kernels under another name, none of
 * heed's, with every read of tensor data back to JavaScript counted
 * (`countReads`). Model code that runs on it uses only composites; a read it
 * counts would be a device sync on a GPU. Needs the cpu backend registered.
 */
export function registerCountingBackend(name = 'heed-counting'): CountingBackend {
  const factory = tf.findBackendFactory('cpu');
  if (!factory) throw new Error('registerCountingBackend: the cpu backend is not registered');
  let counter: ReadCounter | undefined;
  tf.registerBackend(name, () => {
    const backend = factory() as tf.KernelBackend;
    counter = countReads(backend);
    return backend;
  });
  for (const kernel of tf.getKernelsForBackend('cpu')) {
    if (!kernel.kernelName.startsWith('Heed')) tf.registerKernel({ ...kernel, backendName: name });
  }
  return {
    name,
    reads: () => counter?.reads() ?? 0,
    reset: () => counter?.reset(),
    remove: () => {
      for (const kernel of tf.getKernelsForBackend(name))
        tf.unregisterKernel(kernel.kernelName, name);
      tf.removeBackend(name);
    },
  };
}
