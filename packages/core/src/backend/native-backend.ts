import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from './backend-options';
import { BACKEND_PACKAGES } from './backend-packages';
import { importBackendPackage } from './import-backend-package';

/**
 * Makes `@tensorflow/tfjs-node` or `@tensorflow/tfjs-node-gpu` (both register
 * the TF.js backend 'tensorflow') the active backend, or says why it cannot:
 * not installed, failing to load (no libtensorflow, no CUDA libraries), or
 * registered on another copy of `@tensorflow/tfjs-core`.
 */
export async function activateNative(name: 'tensorflow' | 'tensorflow-gpu'): Promise<Activation> {
  const specifier = BACKEND_PACKAGES[name];
  const why = await importBackendPackage(specifier, 'tensorflow');
  if (why !== undefined) return { ok: false, why };
  if (!(await tf.setBackend('tensorflow'))) return { ok: false, why: 'initialisation failed' };
  return {
    ok: true,
    threads: 0,
    detail: `${specifier}, native TensorFlow${name === 'tensorflow-gpu' ? ' with CUDA' : ''}`,
  };
}

/** Makes the pure-JavaScript 'cpu' backend active. */
export async function activateCpu(): Promise<Activation> {
  const why = await importBackendPackage(BACKEND_PACKAGES.cpu, 'cpu');
  if (why !== undefined) return { ok: false, why };
  if (!(await tf.setBackend('cpu'))) return { ok: false, why: 'initialisation failed' };
  return { ok: true, threads: 1, detail: 'pure JavaScript' };
}
