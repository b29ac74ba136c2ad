import type { ReadCounter } from '@heed/core/testing';
import { greedyDecode } from '@heed/decoding';
import { maskedCrossEntropy } from '@heed/losses';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectSameAsCpu,
  lossAndGradients,
  portabilityBackends,
} from '../../../tooling/portability-backends';
import { Transformer } from './transformer';

// On a backend heed has no kernels for, a read back to JavaScript is a device
// sync: a training step may read nothing that grows with the sequence length,
// and greedy decoding at most a couple of small tensors per step; and the
// composites must compute what the cpu backend does.

const V = 12;

function model(): Transformer {
  return new Transformer({
    sourceVocabSize: V,
    targetVocabSize: V,
    modelDim: 8,
    heads: 2,
    encoderLayers: 1,
    decoderLayers: 1,
    feedForwardDim: 16,
    maxLength: 16,
    seed: 1,
  });
}

/** A batch of 3 rows of length `T` (the last row shorter), ids in [4, V). */
function batch(T: number, seed: number) {
  const ids = (s: number) => tf.randomUniform([3, T], 4, V, 'int32', s) as tf.Tensor2D;
  const lengths = tf.tensor1d([T, T, T - 2], 'int32');
  return { source: ids(seed), lengths, target: ids(seed + 1), targetInput: ids(seed + 2) };
}

describe.each(portabilityBackends())('Transformer on %s', (_, tested) => {
  let backend: ReadCounter;

  beforeAll(async () => {
    backend = await tested.use();
  });

  afterAll(async () => {
    await tf.setBackend('cpu');
    tested.release();
  });

  it('reads nothing back in a training step that grows with the sequence length', () => {
    const transformer = model();
    const optimizer = tf.train.adam(1e-2);
    const readsAt = (T: number) => {
      const before = tf.memory().numTensors;
      const data = batch(T, T);
      backend.reset();
      optimizer.minimize(() => {
        const { logits } = transformer.forward(data.source, data.lengths, data.targetInput, {
          training: true,
        });
        return maskedCrossEntropy(logits, data.target).loss as tf.Scalar;
      });
      const reads = backend.reads();
      tf.dispose(Object.values(data));
      return { reads, added: tf.memory().numTensors - before };
    };
    readsAt(4); // creates the optimizer's slots
    const short = readsAt(5);
    const long = readsAt(10);
    expect(long.reads).toBe(short.reads);
    expect([short.added, long.added]).toEqual([0, 0]);
    optimizer.dispose();
    transformer.dispose();
  });

  it('reads at most two small tensors per greedy decoding step', async () => {
    const transformer = model();
    const data = batch(6, 7);
    backend.reset();
    const result = await greedyDecode(transformer, data.source, data.lengths, { maxLength: 12 });
    const steps = Math.max(...result.tokens.map((tokens) => tokens.length));
    expect(backend.reads()).toBeLessThanOrEqual(2 * (steps + 1));
    tf.dispose(Object.values(data));
    transformer.dispose();
  });

  it("computes the cpu backend's loss and gradients", async () => {
    await expectSameAsCpu(async () => {
      const transformer = model();
      const data = batch(5, 5);
      const values = await lossAndGradients(transformer.parameters(), () => {
        const { logits } = transformer.forward(data.source, data.lengths, data.targetInput);
        return maskedCrossEntropy(logits, data.target).loss as tf.Scalar;
      });
      tf.dispose(Object.values(data));
      transformer.dispose();
      return values;
    });
  });
});
