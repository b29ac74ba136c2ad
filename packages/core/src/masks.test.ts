import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { causalMask, combineMasks, maskedSoftmax, paddingMask } from './masks';
import { expectNoLeaks, expectTensorsClose } from './testing';

describe('masks', () => {
  it('paddingMask marks the first `length` positions of each row', () => {
    const mask = paddingMask([2, 0, 3], 3);
    expectTensorsClose(
      mask,
      [
        [1, 1, 0],
        [0, 0, 0],
        [1, 1, 1],
      ],
      { dtype: 'float32' },
    );
    mask.dispose();
  });

  it('causalMask lets position i see keys j ≤ i + offset', () => {
    const square = causalMask(3);
    expectTensorsClose(square, [
      [1, 0, 0],
      [1, 1, 0],
      [1, 1, 1],
    ]);
    const cached = causalMask(1, 4, 3);
    expectTensorsClose(cached, [[1, 1, 1, 1]]);
    tf.dispose([square, cached]);
  });

  it('combineMasks multiplies with broadcasting and skips undefined', () => {
    const padding = tf.tensor3d([[[1, 1, 0]]]);
    const causal = causalMask(3);
    const combined = combineMasks(padding, undefined, causal) as tf.Tensor;
    expectTensorsClose(combined, [
      [
        [1, 0, 0],
        [1, 1, 0],
        [1, 1, 0],
      ],
    ]);
    expect(combineMasks(undefined)).toBeUndefined();
    tf.dispose([padding, causal, combined]);
  });

  it('maskedSoftmax zeroes masked positions, sums to 1, and gives zeros for a fully masked row', () => {
    const scores = tf.tensor2d([
      [1, 2, 3],
      [50, -50, 4],
    ]);
    const mask = tf.tensor2d([
      [1, 0, 1],
      [0, 0, 0],
    ]);
    const weights = maskedSoftmax(scores, mask);
    const e = Math.exp(1) + Math.exp(3);
    expectTensorsClose(
      weights,
      [
        [Math.exp(1) / e, 0, Math.exp(3) / e],
        [0, 0, 0],
      ],
      { atol: 1e-6 },
    );
    expect(weights.dataSync().every(Number.isFinite)).toBe(true);
    tf.dispose([scores, mask, weights]);
  });

  it('maskedSoftmax has finite gradients through a fully masked row', () => {
    const mask = tf.tensor2d([[0, 0]]);
    const grad = tf.grad((x: tf.Tensor) => tf.sum(maskedSoftmax(x, mask)))(tf.tensor2d([[1, 2]]));
    expect(Array.from(grad.dataSync())).toEqual([0, 0]);
    tf.dispose([mask, grad]);
  });

  it('leaves no tensors behind', async () => {
    await expectNoLeaks(() => {
      const lengths = tf.tensor1d([1, 2], 'int32');
      tf.dispose([paddingMask(lengths, 4), causalMask(4)]);
      lengths.dispose();
    });
  });
});
