import { dense, initBackend } from '@heed/core';
import { expectNoLeaks, expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import fixture from '../test/fixtures/projected-cross-entropy.json';
import { maskedCrossEntropy } from './masked-cross-entropy';
import { projectedCrossEntropy } from './projected-cross-entropy';
import type { Reduction } from './reduction';

const [b, T, H, V] = [3, 5, 4, 11];

/** Hidden states, output layer and targets with PAD tails (row 2 all PAD). */
function problem() {
  const hidden = tf.randomNormal([b, T, H], 0, 1, 'float32', 1) as tf.Tensor3D;
  const kernel = tf.randomNormal([H, V], 0, 0.7, 'float32', 2) as tf.Tensor2D;
  const bias = tf.randomNormal([V], 0, 0.3, 'float32', 3) as tf.Tensor1D;
  const targets = tf.tensor2d(
    [
      [4, 1, 10, 7, 2],
      [3, 9, 2, 0, 0],
      [0, 0, 0, 0, 0],
    ],
    undefined,
    'int32',
  );
  return { hidden, kernel, bias, targets };
}

/** A scalar of the loss: `per-sequence` weighted per row so that every row's gradient shows. */
function scalarOf(loss: tf.Tensor): tf.Scalar {
  return loss.rank === 0 ? (loss as tf.Scalar) : tf.sum(tf.mul(loss, tf.tensor1d([0.5, 2, 1])));
}

describe('projectedCrossEntropy', () => {
  const reductions: Reduction[] = ['mean', 'sum', 'per-sequence'];
  for (const reduction of reductions) {
    for (const labelSmoothing of [0, 0.1]) {
      for (const rowsPerChunk of [undefined, 4]) {
        it(`equals maskedCrossEntropy of the projected logits: ${reduction}, ε=${labelSmoothing}, rowsPerChunk=${rowsPerChunk ?? 'default'}`, () => {
          const { hidden, kernel, bias, targets } = problem();
          const options = { reduction, labelSmoothing };
          const composite = (h: tf.Tensor, k: tf.Tensor, c: tf.Tensor) =>
            maskedCrossEntropy(dense(h, k, c) as tf.Tensor3D, targets, options);
          const projected = (h: tf.Tensor, k: tf.Tensor, c: tf.Tensor) =>
            projectedCrossEntropy(
              h as tf.Tensor3D,
              targets,
              { kernel: k, bias: c },
              {
                ...options,
                ...(rowsPerChunk ? { rowsPerChunk } : {}),
              },
            );
          const expected = composite(hidden, kernel, bias);
          const actual = projected(hidden, kernel, bias);
          expectTensorsClose(actual.loss, expected.loss, { atol: 1e-5 });
          expectTensorsClose(actual.tokenCount, expected.tokenCount);
          const expectedGrads = tf.grads((h, k, c) => scalarOf(composite(h, k, c).loss))([
            hidden,
            kernel,
            bias,
          ]);
          const actualGrads = tf.grads((h, k, c) => scalarOf(projected(h, k, c).loss))([
            hidden,
            kernel,
            bias,
          ]);
          actualGrads.forEach((grad, i) => {
            expectTensorsClose(grad, expectedGrads[i] as tf.Tensor, { atol: 1e-5 });
          });
          tf.dispose([hidden, kernel, bias, targets, expected, actual, expectedGrads, actualGrads]);
        });
      }
    }
  }

  it('matches a NumPy transcription of PyTorch cross_entropy(label_smoothing) on hidden · kernel + bias', () => {
    const hidden = tf.tensor3d(fixture.hidden);
    const kernel = tf.tensor2d(fixture.kernel);
    const bias = tf.tensor1d(fixture.bias);
    const targets = tf.tensor2d(fixture.targets, undefined, 'int32');
    for (const rowsPerChunk of [undefined, 5]) {
      const options = {
        labelSmoothing: fixture.labelSmoothing,
        padId: fixture.padId,
        ...(rowsPerChunk ? { rowsPerChunk } : {}),
      };
      const loss = (h: tf.Tensor, k: tf.Tensor, c: tf.Tensor) =>
        projectedCrossEntropy(h as tf.Tensor3D, targets, { kernel: k, bias: c }, options);
      const mean = loss(hidden, kernel, bias);
      const sum = projectedCrossEntropy(
        hidden,
        targets,
        { kernel, bias },
        {
          ...options,
          reduction: 'sum',
        },
      );
      const perSequence = projectedCrossEntropy(
        hidden,
        targets,
        { kernel, bias },
        {
          ...options,
          reduction: 'per-sequence',
        },
      );
      expectTensorsClose(mean.loss, fixture.mean, { atol: 1e-5 });
      expectTensorsClose(sum.loss, fixture.sum, { atol: 1e-4 });
      expectTensorsClose(perSequence.loss, fixture.perSequence, { atol: 1e-5 });
      expect(mean.tokenCount.dataSync()[0]).toBe(fixture.tokenCount);
      const [dHidden, dKernel, dBias] = tf.grads((h, k, c) => loss(h, k, c).loss as tf.Scalar)([
        hidden,
        kernel,
        bias,
      ]);
      expectTensorsClose(dHidden as tf.Tensor, fixture.meanGradients.hidden, { atol: 1e-5 });
      expectTensorsClose(dKernel as tf.Tensor, fixture.meanGradients.kernel, { atol: 1e-5 });
      expectTensorsClose(dBias as tf.Tensor, fixture.meanGradients.bias, { atol: 1e-5 });
      tf.dispose([mean, sum, perSequence, dHidden, dKernel, dBias]);
    }
    tf.dispose([hidden, kernel, bias, targets]);
  });

  it('leaks nothing, with and without a gradient tape, in one chunk or several', async () => {
    const { hidden, targets } = problem();
    const kernel = tf.variable(tf.randomNormal([H, V], 0, 0.7, 'float32', 2));
    const bias = tf.variable(tf.zeros([V]));
    for (const rowsPerChunk of [64, 4]) {
      const options = { rowsPerChunk, labelSmoothing: 0.1 };
      await expectNoLeaks(() => {
        tf.dispose(projectedCrossEntropy(hidden, targets, { kernel, bias }, options));
      });
      const step = () => {
        const { value, grads } = tf.variableGrads(
          () => projectedCrossEntropy(hidden, targets, { kernel, bias }, options).loss as tf.Scalar,
          [kernel, bias],
        );
        tf.dispose([value, grads]);
      };
      step();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) step();
      expect(tf.memory().numTensors).toBe(before);
    }
    tf.dispose([hidden, targets, kernel, bias]);
  });

  it('gives the same values and gradients on wasm (heed kernels, weights as variables) as on cpu', async () => {
    /** Loss and gradients wrt hidden, kernel and bias as plain arrays, on the active backend. */
    const lossAndGradients = (rowsPerChunk: number) =>
      tf.tidy(() => {
        const { hidden, kernel, bias, targets } = problem();
        const weights = { kernel: tf.variable(kernel), bias: tf.variable(bias) };
        const options = { labelSmoothing: 0.1, rowsPerChunk };
        const loss = (h: tf.Tensor) =>
          projectedCrossEntropy(h as tf.Tensor3D, targets, weights, options).loss as tf.Scalar;
        const { value, grads } = tf.variableGrads(
          () => loss(hidden),
          [weights.kernel, weights.bias],
        );
        const dHidden = tf.grad(loss)(hidden);
        const result = [value, dHidden, grads[weights.kernel.name], grads[weights.bias.name]].map(
          (tensor) => Array.from((tensor as tf.Tensor).dataSync()),
        );
        tf.dispose([weights.kernel, weights.bias]);
        return result;
      });
    await initBackend('wasm', { threads: 1 });
    try {
      for (const rowsPerChunk of [64, 4]) {
        const onWasm = lossAndGradients(rowsPerChunk);
        await tf.setBackend('cpu');
        const onCpu = lossAndGradients(rowsPerChunk);
        await tf.setBackend('wasm');
        onWasm.forEach((values, i) => {
          expectTensorsClose(tf.tensor(values), tf.tensor(onCpu[i] as number[]), { atol: 1e-5 });
        });
      }
    } finally {
      await tf.setBackend('cpu');
    }
  });

  it('rejects mismatched shapes, float targets and bad chunk sizes, naming the field', () => {
    const { hidden, kernel, bias, targets } = problem();
    const projection = { kernel, bias };
    expect(() =>
      projectedCrossEntropy(hidden, targets, { kernel: tf.zeros([H + 1, V]), bias }),
    ).toThrow(/projectedCrossEntropy: hidden/);
    expect(() =>
      projectedCrossEntropy(hidden, tf.zeros([b, T]) as tf.Tensor2D, projection),
    ).toThrow("projectedCrossEntropy: targets.dtype must be 'int32'");
    expect(() => projectedCrossEntropy(hidden, targets, projection, { rowsPerChunk: 0 })).toThrow(
      'projectedCrossEntropy: rowsPerChunk must be a positive integer. Received: rowsPerChunk=0',
    );
    tf.dispose([hidden, kernel, bias, targets]);
  });
});
