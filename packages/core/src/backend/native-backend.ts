import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from './backend-options';
import { BACKEND_PACKAGES } from './backend-packages';
import { describeError, importOptional } from './optional-module';

/**
 * Makes `@tensorflow/tfjs-node` or `@tensorflow/tfjs-node-gpu` (both register
 * the TF.js backend 'tensorflow') the active backend, or says why it cannot:
 * not installed, failing to load (no libtensorflow, no CUDA libraries), or
 * registered on another copy of `@tensorflow/tfjs-core`.
 */
export async function activateNative(name: 'tensorflow' | 'tensorflow-gpu'): Promise<Activation> {
  const specifier = BACKEND_PACKAGES[name];
  const loaded = await importOptional(specifier);
  if (loaded.status === 'missing') return { ok: false, why: 'not installed' };
  if (loaded.status === 'failed') {
    return { ok: false, why: `failed to load: ${describeError(loaded.error)}` };
  }
  if (tf.findBackendFactory('tensorflow') === null) {
    return {
      ok: false,
      why: 'it registered its backend on another copy of @tensorflow/tfjs-core; install versions that share one',
    };
  }
  if (!(await tf.setBackend('tensorflow'))) return { ok: false, why: 'initialisation failed' };
  return {
    ok: true,
    threads: 0,
    detail: `${specifier}, native TensorFlow${name === 'tensorflow-gpu' ? ' with CUDA' : ''}`,
  };
}

/** Makes the pure-JavaScript 'cpu' backend active. */
export async function activateCpu(): Promise<Activation> {
  if (tf.findBackendFactory('cpu') === null) {
    const loaded = await importOptional(BACKEND_PACKAGES.cpu);
    if (loaded.status !== 'loaded' || tf.findBackendFactory('cpu') === null) {
      return {
        ok: false,
        why:
          loaded.status === 'failed'
            ? `failed to load: ${describeError(loaded.error)}`
            : 'not installed',
      };
    }
  }
  if (!(await tf.setBackend('cpu'))) return { ok: false, why: 'initialisation failed' };
  return { ok: true, threads: 1, detail: 'pure JavaScript' };
}
