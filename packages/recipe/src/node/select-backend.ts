import { type BackendReport, initBackend } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../recipe-config';

/** The backend a run uses, and a one-line account of the choice for the run header. */
export interface SelectedBackend {
  name: BackendReport['name'];
  /** `wasm (threaded SIMD, 2 threads; skipped tensorflow-gpu: not installed, …)`. */
  description: string;
  report: BackendReport;
}

/**
 * Selects and initialises the TF.js backend through `@heed/core`'s
 * `initBackend` (`auto`: tfjs-node-gpu, tfjs-node, wasm with heed's training
 * kernels, then cpu; `threads` wasm threads, every core by default) and
 * describes the choice for the run header.
 */
export async function selectBackend(name: BackendName, threads?: number): Promise<SelectedBackend> {
  const report = await initBackend(name, threads === undefined ? {} : { threads });
  if (report.name === 'cpu') silenceNodeBackendBanner();
  const skipped = report.skipped.map((skip) => `${skip.name}: ${skip.why}`);
  const description = `${report.name} (${report.reason}${skipped.length > 0 ? `; skipped ${skipped.join('; ')}` : ''})`;
  return { name: report.name, description, report };
}

/**
 * TF.js's cpu backend greets its first tensor in Node with a banner advising
 * `@tensorflow/tfjs-node`; a run's header already says which backend runs
 * and why the others were skipped. Creates that first tensor with TF.js's
 * warnings off for the moment, leaving every later warning on.
 */
function silenceNodeBackendBanner(): void {
  const production = tf.env().getBool('PROD');
  tf.env().set('PROD', true);
  try {
    tf.scalar(0).dispose();
  } finally {
    tf.env().set('PROD', production);
  }
}
