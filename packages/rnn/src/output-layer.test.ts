import { expectNoLeaks, expectTensorsClose } from '@heed/core/testing';
import { maskedCrossEntropy } from '@heed/losses';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { OutputLayer } from './output-layer';

describe('OutputLayer.crossEntropy', () => {
  const layer = new OutputLayer(5, 7, 3);
  const hidden = tf.randomNormal([2, 3, 5], 0, 2, 'float32', 1) as tf.Tensor3D;
  const targets = tf.tensor2d(
    [
      [4, 6, 0],
      [1, 0, 0],
    ],
    undefined,
    'int32',
  );

  it('equals maskedCrossEntropy of the logits, in value and every gradient', () => {
    const variables = [layer.kernel, layer.bias];
    const fused = tf.variableGrads(() => layer.crossEntropy(hidden, targets).loss, variables);
    const reference = tf.variableGrads(
      () => maskedCrossEntropy(layer.apply(hidden), targets).loss as tf.Scalar,
      variables,
    );
    expectTensorsClose(fused.value, reference.value, { atol: 1e-5 });
    for (const variable of variables) {
      expectTensorsClose(fused.grads[variable.name]!, reference.grads[variable.name]!, {
        atol: 1e-5,
      });
    }
    const dHidden = tf.grad((h: tf.Tensor) => layer.crossEntropy(h, targets).loss)(hidden);
    const dReference = tf.grad(
      (h: tf.Tensor) =>
        maskedCrossEntropy(layer.apply(h as tf.Tensor3D), targets).loss as tf.Scalar,
    )(hidden);
    expectTensorsClose(dHidden, dReference, { atol: 1e-5 });
    const { loss, tokenCount } = layer.crossEntropy(hidden, targets);
    expect(tokenCount.dataSync()[0]).toBe(3);
    tf.dispose([loss, tokenCount]);
  });

  it('gives 0 and zero gradients when every target is PAD', async () => {
    await expectNoLeaks(() => {
      const pads = tf.zeros([2, 3], 'int32');
      const { value, grads } = tf.variableGrads(
        () => tf.tidy(() => layer.crossEntropy(hidden, pads).loss),
        [layer.kernel],
      );
      expect(value.dataSync()[0]).toBe(0);
      expect(Math.max(...grads[layer.kernel.name]!.dataSync().map(Math.abs))).toBe(0);
      tf.dispose([pads, value, ...Object.values(grads)]);
    });
  });

  it('rejects targets that do not match the hidden states', () => {
    expect(() => layer.crossEntropy(hidden, tf.zeros([2, 4], 'int32'))).toThrow(
      'hidden must have shape [2, 4, 5]',
    );
  });
});
