import { expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { mlpScores } from './scores';

describe('mlpScores', () => {
  for (const T of [1, 3]) {
    it(`gives the same scores and gradients with and without the outer-product add (T=${T})`, () => {
      tf.tidy(() => {
        const query = tf.randomNormal([2, T, 5], 0, 1, 'float32', 1) as tf.Tensor3D;
        const keys = tf.randomNormal([2, 4, 5], 0, 1, 'float32', 2) as tf.Tensor3D;
        const v = tf.randomNormal([5], 0, 1, 'float32', 3) as tf.Tensor1D;
        const probe = tf.randomNormal([2, T, 4], 0, 1, 'float32', 4);
        const loss = (outerProduct: boolean) => (q: tf.Tensor, k: tf.Tensor, w: tf.Tensor) =>
          tf.sum(
            tf.mul(
              mlpScores(q as tf.Tensor3D, k as tf.Tensor3D, w as tf.Tensor1D, { outerProduct }),
              probe,
            ),
          );
        expectTensorsClose(
          mlpScores(query, keys, v, { outerProduct: true }),
          mlpScores(query, keys, v, { outerProduct: false }),
          { atol: 1e-6 },
        );
        const outer = tf.grads(loss(true))([query, keys, v]);
        const broadcast = tf.grads(loss(false))([query, keys, v]);
        outer.forEach((gradient, i) => {
          expectTensorsClose(gradient, broadcast[i]!, { atol: 1e-5 });
        });
      });
    });
  }
});
