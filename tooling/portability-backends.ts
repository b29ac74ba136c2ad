import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Seq2SeqModel } from '../packages/core/src/interfaces';
import {
  countReads,
  expectTensorsClose,
  type ReadCounter,
  registerCountingBackend,
} from '../packages/core/src/testing';
import { greedyDecode } from '../packages/decoding/src';
import { maskedCrossEntropy } from '../packages/losses/src';
import { useWebGpuInNode } from './webgpu-in-node';

// On a backend heed has no kernels for (a GPU, a native runtime), every op
// runs its TF.js composite. There a read of tensor data back to JavaScript is
// a device sync: a training step may read nothing that grows with the
// sequence length, and greedy decoding at most a couple of small tensors per
// step. And the composites must compute what the cpu backend does.

/** The vocabulary size of the models the portability suite runs: ids in [4, 12) besides the specials. */
export const PORTABILITY_VOCABULARY = 12;

/** 3 rows of length `T` (the last row 2 shorter), ids in [4, PORTABILITY_VOCABULARY). */
function batch(T: number, seed: number) {
  const ids = (s: number) =>
    tf.randomUniform([3, T], 4, PORTABILITY_VOCABULARY, 'int32', s) as tf.Tensor2D;
  const lengths = tf.tensor1d([T, T, T - 2], 'int32');
  return { source: ids(seed), lengths, target: ids(seed + 1), targetInput: ids(seed + 2) };
}

/**
 * The portability suite, on every backend of `portabilityBackends`, for each
 * of `models` (a name and a factory of identically seeded models over
 * `PORTABILITY_VOCABULARY` ids):
 * - a training step reads back nothing that grows with the sequence length,
 *   and leaks no tensor;
 * - greedy decoding reads at most two small tensors per step;
 * - a training step's loss and every parameter's gradient are the cpu
 *   backend's.
 */
export function describePortability(title: string, models: [string, () => Seq2SeqModel][]): void {
  /** The training loss of `model` on `data`. */
  const loss = (model: Seq2SeqModel, data: ReturnType<typeof batch>, training: boolean) => {
    const { logits } = model.forward(data.source, data.lengths, data.targetInput, { training });
    return maskedCrossEntropy(logits, data.target).loss as tf.Scalar;
  };

  describe.each(portabilityBackends())(`${title} on %s`, (_, tested) => {
    let counter: ReadCounter;

    beforeAll(async () => {
      counter = await tested.use();
    });

    afterAll(async () => {
      await tf.setBackend('cpu');
      tested.release();
    });

    describe.each(models)('%s', (_, create) => {
      it('reads nothing back in a training step that grows with the sequence length', () => {
        const model = create();
        const optimizer = tf.train.adam(1e-2);
        const readsAt = (T: number) => {
          const before = tf.memory().numTensors;
          const data = batch(T, T);
          counter.reset();
          optimizer.minimize(() => loss(model, data, true));
          const reads = counter.reads();
          tf.dispose(Object.values(data));
          return { reads, added: tf.memory().numTensors - before };
        };
        readsAt(4); // creates the optimizer's slots
        const short = readsAt(5);
        const long = readsAt(10);
        expect(long.reads).toBe(short.reads);
        expect([short.added, long.added]).toEqual([0, 0]);
        optimizer.dispose();
        model.dispose();
      });

      it('reads at most two small tensors per greedy decoding step', async () => {
        const model = create();
        const data = batch(6, 7);
        counter.reset();
        const result = await greedyDecode(model, data.source, data.lengths, { maxLength: 12 });
        const steps = Math.max(...result.tokens.map((tokens) => tokens.length));
        expect(counter.reads()).toBeLessThanOrEqual(2 * (steps + 1));
        tf.dispose(Object.values(data));
        model.dispose();
      });

      it("computes the cpu backend's loss and gradients", async () => {
        await expectSameAsCpu(async () => {
          const model = create();
          const data = batch(5, 5);
          const parameters = [...model.namedParameters().values()];
          const values = await lossAndGradients(parameters, () => loss(model, data, false));
          tf.dispose(Object.values(data));
          model.dispose();
          return values;
        });
      });
    });
  });
}

/** A backend the portability tests run on: made active by `use`, its reads counted. */
interface PortabilityBackend {
  use(): Promise<ReadCounter>;
  /** After switching to another backend: removes what `use` registered. */
  release(): void;
}

/**
 * The backends heed has no kernels for that the portability tests run on: a
 * stand-in (TF.js's stock cpu kernels under another name) and WebGPU itself,
 * in Node through Dawn, where a synchronous read of device data throws.
 */
function portabilityBackends(): [string, PortabilityBackend][] {
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
async function lossAndGradients(
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
async function expectSameAsCpu(
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
