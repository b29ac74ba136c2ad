import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { batchTensors, packBatch, rowIds } from './batch';

describe('batches', () => {
  it('pads ragged rows and shifts targets right behind BOS', () => {
    const packed = packBatch('test', {
      source: [[5, 6, 7], [8]],
      target: [
        [9, 2],
        [10, 11, 2],
      ],
    });
    expect(packed.sourceShape).toEqual([2, 3]);
    expect(Array.from(packed.sourceLengths)).toEqual([3, 1]);
    expect(packed.targetTokens).toBe(5);
    const tensors = batchTensors(packed);
    expect(tensors.source.arraySync()).toEqual([
      [5, 6, 7],
      [8, 0, 0],
    ]);
    expect(tensors.targetInput.arraySync()).toEqual([
      [1, 9, 0],
      [1, 10, 11],
    ]);
    expect(tensors.targetOutput.arraySync()).toEqual([
      [9, 2, 0],
      [10, 11, 2],
    ]);
    expect(tensors.sourceLengths.dtype).toBe('int32');
    tf.dispose(Object.values(tensors));
  });

  it('takes an already padded matrix (a tokenizer EncodedBatch)', () => {
    const source = { ids: Int32Array.from([5, 6, 0, 7, 0, 0]), shape: [2, 3] as const };
    const target = { ids: Int32Array.from([9, 2, 8, 2]), shape: [2, 2] as const };
    const packed = packBatch('test', { source, target });
    expect(Array.from(packed.sourceLengths)).toEqual([2, 1]);
    expect(rowIds(source, 1)).toEqual([7]);
    expect(rowIds([[4, 5, 0, 0]], 0)).toEqual([4, 5]);
  });

  it('explains malformed batches', () => {
    expect(() =>
      packBatch('Trainer', {
        source: [[4]],
        target: [
          [5, 2],
          [6, 2],
        ],
      }),
    ).toThrow('Trainer: source and target must have the same number of rows. Received: 1 and 2');
    expect(() => packBatch('Trainer', { source: [[4, -1]], target: [[5, 2]] })).toThrow(
      'Trainer: source[0][1] must be a token id (an integer ≥ 0). Received: -1',
    );
    expect(() =>
      packBatch('Trainer', { source: { ids: [1, 2, 3], shape: [2, 2] }, target: [[5, 2]] }),
    ).toThrow('Trainer: source must be rows of ids or { ids, shape: [b, T] } with b·T ids');
  });
});
