import * as tf from '@tensorflow/tfjs-core';
import {
  countReads,
  expectTensorsClose,
  type ReadCounter,
  registerCountingBackend,
} from '../packages/core/src/testing';
import { useWebGpuInNode } from './webgpu-in-node';

/** A backend the portability tests run on: made active by `use`, its reads counted. */
export interface PortabilityBackend {
  use(): Promise<ReadCounter>;
  /** After switching to another backend: removes what `use` registered. */
  release(): void;
}

/**
 * The backends heed has no kernels for that the portability tests run on: a
 * stand-in (TF.js's stock cpu kernels under another name) and WebGPU itself,
 * in Node through Dawn, where a synchronous read of device data throws.
 */
export function portabilityBackends(): [string, PortabilityBackend][] {
  return [
    ['a stand-in without heed kernels', standIn()],
    [
      'WebGPU (Dawn in Node)',
      {
        use: async () => {
          await useWebGpuInNode();
          return countReads(tf.backend());
        },
        release: () => {},
      },
    ],
  ];
}

function standIn(): PortabilityBackend {
  let backend: ReturnType<typeof registerCountingBackend> | undefined;
  return {
    use: async () => {
      backend = registerCountingBackend('heed-portability');
      await tf.setBackend(backend.name);
      return backend;
    },
    release: () => backend?.remove(),
  };
}

/**
 * `loss()` and the gradient of each of `parameters` (all must be reached),
 * read back once the step is over.
 */
export async function lossAndGradients(
  parameters: readonly tf.Variable[],
  loss: () => tf.Scalar,
): Promise<tf.backend_util.TypedArray[]> {
  const { value, grads } = tf.variableGrads(loss, [...parameters]);
  const tensors = [value, ...parameters.map((parameter) => grads[parameter.name] as tf.Tensor)];
  const values = await Promise.all(tensors.map((tensor) => tensor.data()));
  tf.dispose([value, ...Object.values(grads)]);
  return values;
}

/**
 * Runs `compute` on the active backend, then on cpu (heed's reference), and
 * expects the same numbers: |a − e| ≤ 1e-5 + 1e-4·|e| everywhere.
 */
export async function expectSameAsCpu(
  compute: () => Promise<tf.backend_util.TypedArray[]>,
): Promise<void> {
  const tested = tf.getBackend();
  const actual = await compute();
  await tf.setBackend('cpu');
  try {
    const expected = await compute();
    if (actual.length !== expected.length) {
      throw new Error(
        `expectSameAsCpu: ${actual.length} results on ${tested}, ${expected.length} on cpu`,
      );
    }
    for (const [i, values] of actual.entries()) {
      tf.tidy(() =>
        expectTensorsClose(tf.tensor(values), tf.tensor(expected[i] as Float32Array), {
          atol: 1e-5,
          rtol: 1e-4,
        }),
      );
    }
  } finally {
    await tf.setBackend(tested);
  }
}
