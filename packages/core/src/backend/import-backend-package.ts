import * as tf from '@tensorflow/tfjs-core';
import { importOptional, whyNotLoaded } from './optional-module';

/**
 * Imports `specifier`, the package that registers the TF.js backend
 * `backendName`, unless that backend is registered already. Resolves to
 * undefined once it is registered, or to why not: not installed, failing to
 * load (with its error), or registered on another copy of
 * `@tensorflow/tfjs-core` than heed's.
 */
export async function importBackendPackage(
  specifier: string,
  backendName: string,
): Promise<string | undefined> {
  if (tf.findBackendFactory(backendName) !== null) return undefined;
  const loaded = await importOptional(specifier);
  if (loaded.status !== 'loaded') return whyNotLoaded(loaded);
  if (tf.findBackendFactory(backendName) === null) {
    return 'it registered its backend on another copy of @tensorflow/tfjs-core; install versions that share one';
  }
  return undefined;
}
