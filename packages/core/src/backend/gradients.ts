import * as tf from '@tensorflow/tfjs-core';
import { describeError, importOptional } from './optional-module';

/** Kernels whose gradients every heed model needs; all registered means all are. */
const PROBE_KERNELS = ['BatchMatMul', 'GatherV2', 'Softmax', 'Tanh'] as const;

/** How the gradients came to be registered, for the backend report. */
export type GradientSource =
  | 'already registered'
  | '@tensorflow/tfjs-core/dist/register_all_gradients'
  | '@tensorflow/tfjs'
  | 'missing';

/** True when TF.js knows the gradient of every probe kernel. */
export function gradientsRegistered(): boolean {
  return PROBE_KERNELS.every((kernel) => tf.getGradient(kernel) !== undefined);
}

/**
 * Makes sure TF.js can differentiate: training (`tf.variableGrads`,
 * optimisers) needs every kernel's gradient registered, and
 * `@tensorflow/tfjs-core` alone registers none. When they are missing, heed
 * imports `@tensorflow/tfjs-core/dist/register_all_gradients` (which loads
 * where the module loader resolves tfjs-core's ES-module files, as vite and
 * vitest do), then `@tensorflow/tfjs`, whose Node bundle registers the same
 * gradients on the same engine (plain Node cannot load the first path from
 * tfjs-core's CommonJS package). In a browser bundle, import one of them
 * yourself: these run-time imports are left out of bundles on purpose.
 *
 * Returns where the gradients came from, or `missing` with the reasons.
 */
export async function ensureGradients(): Promise<{ source: GradientSource; why?: string }> {
  if (gradientsRegistered()) return { source: 'already registered' };
  const reasons: string[] = [];
  for (const specifier of [
    '@tensorflow/tfjs-core/dist/register_all_gradients',
    '@tensorflow/tfjs',
  ] as const) {
    const result = await importOptional(specifier);
    if (result.status === 'loaded' && gradientsRegistered()) return { source: specifier };
    reasons.push(
      `${specifier}: ${
        result.status === 'missing'
          ? 'not installed'
          : result.status === 'failed'
            ? describeError(result.error)
            : 'loaded, but registered its gradients on another copy of @tensorflow/tfjs-core'
      }`,
    );
  }
  return { source: 'missing', why: reasons.join('; ') };
}
