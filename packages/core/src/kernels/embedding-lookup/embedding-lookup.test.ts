import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { embeddingLookup } from './embedding-lookup';

describe('embeddingLookup', () => {
  it('gives zero vectors at the padding id and no gradient to its row', () => {
    const table = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const ids = tf.tensor2d(
      [
        [2, 0],
        [2, 1],
      ],
      undefined,
      'int32',
    );
    for (const useKernel of [true, false]) {
      expect(embeddingLookup(table, ids, 0, { useKernel }).arraySync()).toEqual([
        [
          [5, 6],
          [0, 0],
        ],
        [
          [5, 6],
          [3, 4],
        ],
      ]);
      const dTable = tf.grad((t: tf.Tensor) =>
        tf.sum(embeddingLookup(t as tf.Tensor2D, ids, 0, { useKernel })),
      )(table);
      expect(dTable.arraySync()).toEqual([
        [0, 0],
        [1, 1],
        [2, 2],
      ]);
    }
  });

  it('rejects ids outside the table', () => {
    const table = tf.zeros([4, 2]) as tf.Tensor2D;
    expect(() => embeddingLookup(table, tf.tensor1d([1, 4], 'int32'), 0)).toThrow(
      'every id must be in [0, 4). Received: id=4',
    );
  });
});
