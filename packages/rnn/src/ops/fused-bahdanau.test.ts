import { expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { type CellKind, gateCount } from '../cell-kind';
import { type BahdanauInputs, fusedBahdanau } from './fused-bahdanau';

describe('fusedBahdanau', () => {
  for (const kind of ['gru', 'lstm'] as CellKind[]) {
    it(`gives the same outputs and gradients with the context in gate space (${kind})`, () => {
      const [b, T, S, H, U, C] = [3, 4, 5, 6, 4, 7];
      const GH = gateCount(kind) * H;
      const R = kind === 'lstm' ? 2 : 1;
      const random = (shape: number[], seed: number, std = 0.5) =>
        tf.randomNormal(shape, 0, std, 'float32', seed);
      const tensors = [
        random([b, T, GH], 1),
        random([b, R * H], 2),
        random([GH, H], 3),
        random([GH], 4),
        random([U, H], 5),
        random([GH, C], 6),
        random([b, S, U], 7),
        random([b, S, C], 8),
        random([U], 9),
      ];
      const mask = Float32Array.from([1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0]);
      const weighting = random([b, T, H + S], 10, 1);
      const run =
        (contextInGateSpace: boolean) =>
        (...t: tf.Tensor[]) => {
          const [embeddingGates, initial, weightHH, biasHH, weightQuery, weightContext] = t;
          const inputs = {
            embeddingGates,
            initial,
            weightHH,
            biasHH,
            weightQuery,
            weightContext,
            keyFeatures: t[6],
            values: t[7],
            v: t[8],
          } as unknown as BahdanauInputs;
          const packed = fusedBahdanau({ kind, hidden: H, mask, contextInGateSpace }, inputs);
          return tf.sum(tf.mul(packed, weighting)) as tf.Scalar;
        };
      const plain = tf.valueAndGrads(run(false))(tensors);
      const gateSpace = tf.valueAndGrads(run(true))(tensors);
      expectTensorsClose(gateSpace.value, plain.value, { atol: 1e-4, rtol: 1e-5 });
      for (const [k, grad] of gateSpace.grads.entries()) {
        expectTensorsClose(grad, plain.grads[k]!, { atol: 1e-4, rtol: 1e-4 });
      }
      tf.dispose([plain.value, gateSpace.value, ...plain.grads, ...gateSpace.grads]);
      tf.dispose([...tensors, weighting]);
    });
  }
});
