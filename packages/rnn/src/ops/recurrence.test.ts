import { expectNoLeaks, expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type CellKind, gateCount } from '../cell-kind';
import { fusedRecurrence, type RecurrenceSpec } from './fused-recurrence';
import { referenceRecurrence } from './reference-recurrence';

function inputs(kind: CellKind, b: number, T: number, H: number, D: number, seed: number) {
  const G = gateCount(kind);
  const R = kind === 'lstm' ? 2 : 1;
  return {
    gates: tf.randomNormal([b, T, D * G * H], 0, 1, 'float32', seed) as tf.Tensor3D,
    initial: tf.randomNormal([b, R * D * H], 0, 0.5, 'float32', seed + 1) as tf.Tensor2D,
    weights: Array.from(
      { length: D },
      (_, d) => tf.randomNormal([G * H, H], 0, 0.4, 'float32', seed + 2 + d) as tf.Tensor2D,
    ),
    biases: Array.from(
      { length: D },
      (_, d) => tf.randomNormal([G * H], 0, 0.3, 'float32', seed + 5 + d) as tf.Tensor1D,
    ),
  };
}

const cases: [CellKind, number, Int32Array | null][] = [
  ['gru', 1, null],
  ['gru', 2, Int32Array.from([4, 2, 0])],
  ['lstm', 1, Int32Array.from([1, 4, 3])],
  ['lstm', 2, null],
];

describe('fusedRecurrence', () => {
  for (const [kind, directions, lengths] of cases) {
    it(`matches the reference ops and their gradients (${kind}, ${directions} direction(s), lengths ${lengths ? 'varied' : 'full'})`, () => {
      const spec: RecurrenceSpec = { kind, hidden: 5, directions, lengths };
      const x = inputs(kind, 3, 4, 5, directions, 7);
      const all = [x.gates, x.initial, ...x.weights, ...x.biases];
      const weighting = tf.randomNormal(
        [3, 4 + (kind === 'lstm' ? 2 : 1), directions * 5],
        0,
        1,
        'float32',
        3,
      );
      const loss =
        (run: typeof fusedRecurrence) =>
        (...t: tf.Tensor[]) => {
          const D = directions;
          return tf.sum(
            tf.mul(
              run(
                spec,
                t[0] as tf.Tensor3D,
                t[1] as tf.Tensor2D,
                t.slice(2, 2 + D) as tf.Tensor2D[],
                t.slice(2 + D) as tf.Tensor1D[],
              ),
              weighting,
            ),
          ) as tf.Scalar;
        };
      const fused = fusedRecurrence(spec, x.gates, x.initial, x.weights, x.biases);
      const reference = referenceRecurrence(spec, x.gates, x.initial, x.weights, x.biases);
      expectTensorsClose(fused, reference, { atol: 1e-5 });
      const fusedGrads = tf.grads(loss(fusedRecurrence))(all);
      const referenceGrads = tf.grads(loss(referenceRecurrence))(all);
      for (const [k, g] of fusedGrads.entries()) {
        expectTensorsClose(g, referenceGrads[k]!, { atol: 1e-4 });
      }
      tf.dispose([fused, reference, ...fusedGrads, ...referenceGrads, ...all, weighting]);
    });
  }

  it('leaves no tensors behind', async () => {
    const spec: RecurrenceSpec = {
      kind: 'lstm',
      hidden: 4,
      directions: 2,
      lengths: Int32Array.from([2, 3]),
    };
    const x = inputs('lstm', 2, 3, 4, 2, 1);
    await expectNoLeaks(() => {
      const g = tf.grads((gates: tf.Tensor) =>
        tf.sum(fusedRecurrence(spec, gates as tf.Tensor3D, x.initial, x.weights, x.biases)),
      )([x.gates]);
      expect(g[0]!.shape).toEqual([2, 3, 32]);
      tf.dispose(g);
    });
    tf.dispose([x.gates, x.initial, ...x.weights, ...x.biases]);
  });
});
