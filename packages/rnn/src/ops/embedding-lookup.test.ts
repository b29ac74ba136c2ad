import { Embedding } from '@heed/core';
import { expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { embeddingLookup } from './embedding-lookup';

describe('embeddingLookup', () => {
  it("matches core's Embedding.apply in values and gradient, PAD row included", () => {
    const embedding = new Embedding({ vocabSize: 6, dim: 3, seed: 2 });
    const table = embedding.table as tf.Tensor2D;
    const ids = tf.tensor2d(
      [
        [1, 0, 5],
        [5, 5, 0],
      ],
      undefined,
      'int32',
    );
    const weighting = tf.randomNormal([2, 3, 3], 0, 1, 'float32', 1);
    const loss = (lookup: () => tf.Tensor) => () =>
      tf.sum(tf.mul(lookup(), weighting)) as tf.Scalar;
    const ours = tf.variableGrads(
      loss(() => embeddingLookup(table, ids, 0)),
      [embedding.table],
    );
    const core = tf.variableGrads(
      loss(() => embedding.apply(ids)),
      [embedding.table],
    );
    expectTensorsClose(ours.value, core.value, { atol: 1e-6 });
    expectTensorsClose(ours.grads[embedding.table.name]!, core.grads[embedding.table.name]!, {
      atol: 1e-6,
    });
    expect(Array.from(ours.grads[embedding.table.name]!.dataSync().slice(0, 3))).toEqual([0, 0, 0]);
    embedding.dispose();
  });

  it('rejects ids outside the table', () => {
    const table = tf.zeros([4, 2]) as tf.Tensor2D;
    expect(() => embeddingLookup(table, tf.tensor1d([1, 4], 'int32'), 0)).toThrow(
      'every id must be in [0, 4). Received: id=4',
    );
  });
});
