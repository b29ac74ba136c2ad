import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from './config/nmt-config';
import { NmtError } from './errors';

/** The backend a run uses, and a one-line account of the choice for the run header. */
export interface SelectedBackend {
  name: string;
  description: string;
}

/** Selects and initialises a TF.js backend (interim: cpu only, until @heed/core's initBackend lands). */
export async function selectBackend(name: BackendName): Promise<SelectedBackend> {
  if (name !== 'auto' && name !== 'cpu') {
    throw new NmtError(`--backend ${name} is not available in this build`);
  }
  await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  await tf.ready();
  return { name: 'cpu', description: 'cpu' };
}
