import * as tf from '@tensorflow/tfjs-core';

/** A backend registered by `registerCountingBackend`. */
export interface CountingBackend {
  /** Its name, for `tf.setBackend`. */
  readonly name: string;
  /** Reads of tensor data back to JavaScript (`readSync` and `read`) since the last `reset`. */
  reads(): number;
  reset(): void;
  /** Removes the backend (switch to another one first). */
  remove(): void;
}

/**
 * Registers a stand-in for a backend heed has no kernels for (a GPU, a
 * native runtime): TF.js's stock cpu kernels under another name, none of
 * heed's, with every read of tensor data back to JavaScript counted. Model
 * code that runs on it uses only composites; a read it counts would be a
 * device sync on a GPU. Needs the cpu backend registered.
 */
export function registerCountingBackend(name = 'heed-counting'): CountingBackend {
  const factory = tf.findBackendFactory('cpu');
  if (!factory) throw new Error('registerCountingBackend: the cpu backend is not registered');
  // Reads from inside a kernel are the cpu kernels' own business (a GPU
  // kernel reads device memory); only reads model code asks for count.
  const engine = tf.engine() as unknown as { state: { kernelDepth: number } };
  let count = 0;
  let reading = false;
  tf.registerBackend(name, () => {
    const backend = factory() as tf.KernelBackend;
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
    return backend;
  });
  for (const kernel of tf.getKernelsForBackend('cpu')) {
    if (!kernel.kernelName.startsWith('Heed')) tf.registerKernel({ ...kernel, backendName: name });
  }
  return {
    name,
    reads: () => count,
    reset: () => {
      count = 0;
    },
    remove: () => {
      for (const kernel of tf.getKernelsForBackend(name))
        tf.unregisterKernel(kernel.kernelName, name);
      tf.removeBackend(name);
    },
  };
}
