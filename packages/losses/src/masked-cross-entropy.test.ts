import { HeedError } from '@heed/core';
import { checkGradients, expectNoLeaks, expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import fixtures from '../test/fixtures/cross-entropy.json';
import { maskedCrossEntropy } from './masked-cross-entropy';

describe('maskedCrossEntropy', () => {
  for (const fixture of fixtures.cases) {
    it(`matches torch cross_entropy (${fixture.name}) for every reduction`, async () => {
      const logits = tf.tensor3d(fixture.logits);
      const targets = tf.tensor2d(fixture.targets, undefined, 'int32');
      const options = { labelSmoothing: fixture.labelSmoothing, padId: fixture.padId };
      await expectNoLeaks(() => {
        const mean = maskedCrossEntropy(logits, targets, options);
        const sum = maskedCrossEntropy(logits, targets, { ...options, reduction: 'sum' });
        const perSequence = maskedCrossEntropy(logits, targets, {
          ...options,
          reduction: 'per-sequence',
        });
        const none = maskedCrossEntropy(logits, targets, { ...options, reduction: 'none' });
        expectTensorsClose(none.loss, fixture.none, { atol: 1e-4, rtol: 1e-5 });
        expect(none.loss.shape).toEqual([fixture.targets.length, fixture.targets[0]?.length]);
        expectTensorsClose(mean.loss, fixture.mean, { atol: 1e-4, rtol: 1e-5 });
        expectTensorsClose(sum.loss, fixture.sum, { atol: 1e-4, rtol: 1e-5 });
        expectTensorsClose(perSequence.loss, fixture.perSequence, { atol: 1e-4, rtol: 1e-5 });
        expect(mean.tokenCount.dataSync()[0]).toBe(fixture.tokenCount);
        expect(perSequence.loss.shape).toEqual([fixture.targets.length]);
        tf.dispose([mean, sum, perSequence, none]);
      });
      tf.dispose([logits, targets]);
    });
  }

  it('gives 0 (not NaN) when every target is PAD', () => {
    const logits = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1) as tf.Tensor3D;
    const targets = tf.zeros([2, 3], 'int32') as tf.Tensor2D;
    const mean = maskedCrossEntropy(logits, targets);
    const perSequence = maskedCrossEntropy(logits, targets, { reduction: 'per-sequence' });
    expectTensorsClose(mean.loss, 0);
    expectTensorsClose(perSequence.loss, [0, 0]);
    expectTensorsClose(mean.tokenCount, 0);
    tf.dispose([logits, targets, mean, perSequence]);
  });

  it('stays finite for huge logits (log-softmax, not log of softmax)', () => {
    const logits = tf.tensor3d([[[1000, -1000, 0]]]);
    const targets = tf.tensor2d([[1]], undefined, 'int32');
    const { loss, tokenCount } = maskedCrossEntropy(logits, targets);
    expectTensorsClose(loss, 2000, { rtol: 1e-6 });
    tf.dispose([logits, targets, loss, tokenCount]);
  });

  it('has the gradients of finite differences (with label smoothing and PAD)', () => {
    const logits = tf.randomNormal([2, 3, 5], 0, 1, 'float32', 7) as tf.Tensor3D;
    const targets = tf.tensor2d(
      [
        [4, 2, 0],
        [1, 3, 3],
      ],
      undefined,
      'int32',
    );
    for (const reduction of ['mean', 'sum', 'per-sequence'] as const) {
      const report = checkGradients(
        (x) =>
          tf.tidy(() => {
            const { loss } = maskedCrossEntropy(x as tf.Tensor3D, targets, {
              reduction,
              labelSmoothing: 0.1,
            });
            return tf.sum(loss) as tf.Scalar;
          }),
        [logits],
      );
      expect(report.checked).toBeGreaterThan(0);
    }
    tf.dispose([logits, targets]);
  });

  it('gives PAD positions zero gradient', () => {
    const logits = tf.randomNormal([1, 3, 4], 0, 1, 'float32', 3) as tf.Tensor3D;
    const targets = tf.tensor2d([[2, 0, 0]], undefined, 'int32');
    const gradient = tf.grad(
      (x: tf.Tensor) => maskedCrossEntropy(x as tf.Tensor3D, targets).loss as tf.Scalar,
    )(logits);
    const rows = gradient.arraySync() as number[][][];
    expect(rows[0]?.[1]).toEqual([0, 0, 0, 0]);
    expect(rows[0]?.[0]?.some((value) => value !== 0)).toBe(true);
    tf.dispose([logits, targets, gradient]);
  });

  it('rejects bad options and shapes with clear messages', () => {
    const logits = tf.zeros([1, 2, 3]) as tf.Tensor3D;
    const targets = tf.zeros([1, 2], 'int32') as tf.Tensor2D;
    const wrongShape = tf.zeros([1, 3], 'int32') as tf.Tensor2D;
    const floatTargets = tf.zeros([1, 2]) as tf.Tensor2D;
    expect(() => maskedCrossEntropy(logits, targets, { labelSmoothing: 1.5 })).toThrow(
      'maskedCrossEntropy: labelSmoothing must be a number in [0, 1]. Received: labelSmoothing=1.5',
    );
    expect(() => maskedCrossEntropy(logits, targets, { reduction: 'average' as 'mean' })).toThrow(
      HeedError,
    );
    expect(() => maskedCrossEntropy(logits, wrongShape)).toThrow(
      'maskedCrossEntropy: targets must have shape [1, 2]. Received: targets.shape=[1, 3]',
    );
    expect(() => maskedCrossEntropy(logits, floatTargets)).toThrow("targets.dtype must be 'int32'");
    expect(() => maskedCrossEntropy(logits, targets, { smoothing: 0.1 } as object)).toThrow(
      "unknown option 'smoothing'",
    );
    tf.dispose([logits, targets, wrongShape, floatTargets]);
  });
});
