import { expectNoLeaks, expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { clipByGlobalNorm, globalNorm } from './clip-by-global-norm';

describe('clipByGlobalNorm', () => {
  // ‖(3, 4)‖ = 5, ‖(12)‖ = 12: global norm √(25 + 144) = 13.
  const make = () => [tf.tensor1d([3, 4]), tf.tensor2d([[12]])];

  it('computes the global norm over all tensors', async () => {
    const tensors = make();
    await expectNoLeaks(() => {
      const norm = globalNorm(tensors);
      expect(norm.dataSync()[0]).toBeCloseTo(13, 6);
      norm.dispose();
    });
    const empty = globalNorm([]);
    expect(empty.dataSync()[0]).toBe(0);
    tf.dispose([...tensors, empty]);
  });

  it('scales every tensor by maxNorm / norm when the norm is larger', () => {
    const tensors = make();
    const { clipped, norm } = clipByGlobalNorm(tensors, 6.5);
    expect(norm.dataSync()[0]).toBeCloseTo(13, 6);
    expectTensorsClose(clipped[0] as tf.Tensor, [1.5, 2], { atol: 1e-6 });
    expectTensorsClose(clipped[1] as tf.Tensor, [[6]], { atol: 1e-6 });
    const after = globalNorm(clipped);
    expect(after.dataSync()[0]).toBeCloseTo(6.5, 5);
    tf.dispose([...tensors, ...clipped, norm, after]);
  });

  it('leaves tensors unchanged when the norm is within the limit', () => {
    const tensors = make();
    const { clipped, norm } = clipByGlobalNorm(tensors, 13);
    expectTensorsClose(clipped[0] as tf.Tensor, [3, 4], { atol: 0 });
    expectTensorsClose(clipped[1] as tf.Tensor, [[12]], { atol: 0 });
    tf.dispose([...tensors, ...clipped, norm]);
  });

  it('matches the TensorFlow formula t·c/max(‖t‖, c) on random tensors', () => {
    const tensors = [
      tf.randomNormal([4, 3], 0, 2, 'float32', 1),
      tf.randomNormal([5], 0, 2, 'float32', 2),
    ];
    const values = tensors.map((t) => Array.from(t.dataSync()));
    const norm = Math.sqrt(values.flat().reduce((sum, v) => sum + v * v, 0));
    const { clipped, norm: computed } = clipByGlobalNorm(tensors, 1);
    expect(computed.dataSync()[0]).toBeCloseTo(norm, 4);
    clipped.forEach((tensor, i) => {
      expectTensorsClose(
        tensor,
        (values[i] as number[]).map((v) => (v * 1) / Math.max(norm, 1)),
        {
          atol: 1e-6,
        },
      );
    });
    tf.dispose([...tensors, ...clipped, computed]);
  });

  it('gives a non-finite norm for non-finite gradients and validates maxNorm', () => {
    const tensors = [tf.tensor1d([1, Number.NaN])];
    const { clipped, norm } = clipByGlobalNorm(tensors, 1);
    expect(Number.isNaN(norm.dataSync()[0])).toBe(true);
    tf.dispose([...tensors, ...clipped, norm]);
    expect(() => clipByGlobalNorm([], 0)).toThrow(
      'clipByGlobalNorm: maxNorm must be a positive finite number. Received: maxNorm=0',
    );
  });
});
