import { dense } from '@heed/core';
import { expectTensorsClose } from '@heed/core/testing';
import { maskedCrossEntropy, projectedCrossEntropy } from '@heed/losses';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { OutputLayer } from './output-layer';

describe('OutputLayer', () => {
  it('is a Dense [H, V] whose weights projectedCrossEntropy uses as the output projection', () => {
    const layer = new OutputLayer(5, 7, 3);
    expect([...layer.namedParameters().entries()].map(([name, v]) => [name, v.shape])).toEqual([
      ['kernel', [5, 7]],
      ['bias', [7]],
    ]);
    expect(layer.vocabSize).toBe(7);
    const hidden = tf.randomNormal([2, 3, 5], 0, 2, 'float32', 1) as tf.Tensor3D;
    const targets = tf.tensor2d(
      [
        [4, 6, 0],
        [1, 0, 0],
      ],
      undefined,
      'int32',
    );
    const logits = layer.apply(hidden);
    expectTensorsClose(logits, dense(hidden, layer.kernel, layer.bias), { atol: 1e-6 });
    const projected = projectedCrossEntropy(hidden, targets, layer);
    const reference = maskedCrossEntropy(logits, targets);
    expectTensorsClose(projected.loss, reference.loss, { atol: 1e-5 });
    tf.dispose([hidden, targets, logits, projected, reference]);
    layer.dispose();
  });
});
