import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { checkGradients, expectNoLeaks, expectTensorsClose } from '../testing';
import { Embedding } from './embedding';
import { Linear } from './linear';

describe('Linear', () => {
  it('computes x·kernel + bias over the last axis of any rank', () => {
    const linear = new Linear({ inputDim: 3, outputDim: 2, seed: 1 });
    const x = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 3);
    const y = linear.apply(x);
    const expected = tf.add(
      tf.reshape(tf.matMul(tf.reshape(x, [8, 3]), linear.kernel), [2, 4, 2]),
      linear.bias as tf.Variable,
    );
    expectTensorsClose(y, expected, { atol: 1e-6 });
    expect(linear.parameterCount()).toBe(8);
    tf.dispose([x, y, expected]);
    linear.dispose();
  });

  it('initialises within PyTorch bounds and rejects bad sizes', () => {
    const linear = new Linear({ inputDim: 16, outputDim: 4 });
    const bound = 1 / Math.sqrt(16);
    expect(Math.max(...Array.from(linear.kernel.dataSync()).map(Math.abs))).toBeLessThanOrEqual(
      bound,
    );
    linear.dispose();
    expect(() => new Linear({ inputDim: 0, outputDim: 4 })).toThrow(
      'Linear: inputDim must be a positive integer. Received: inputDim=0',
    );
  });

  it('has correct gradients and no leaks', async () => {
    const linear = new Linear({ inputDim: 3, outputDim: 2, seed: 2 });
    const x = tf.randomNormal([4, 3], 0, 1, 'float32', 5);
    await expectNoLeaks(() => {
      checkGradients((input) => tf.sum(tf.tanh(linear.apply(input))), [x]);
    });
    x.dispose();
    linear.dispose();
  });
});

describe('Embedding', () => {
  it('looks up rows, zeroes padding and gives the padding row no gradient', () => {
    const embedding = new Embedding({ vocabSize: 5, dim: 3, seed: 4 });
    expect(Array.from(tf.gather(embedding.table, 0).dataSync()).map(Math.abs)).toEqual([0, 0, 0]);
    const ids = tf.tensor2d(
      [
        [1, 0],
        [4, 4],
      ],
      undefined,
      'int32',
    );
    const vectors = embedding.apply(ids);
    expectTensorsClose(
      tf.gather(vectors, 0),
      tf.stack([tf.gather(embedding.table, 1), tf.zeros([3])]),
    );
    const grad = tf.grad((table: tf.Tensor) => {
      const rows = tf.gather(table, ids);
      const keep = tf.expandDims(tf.cast(tf.notEqual(ids, 0), 'float32'), -1);
      return tf.sum(tf.mul(rows, keep));
    })(embedding.table);
    const gradValues = grad.arraySync() as number[][];
    expect(gradValues[0]).toEqual([0, 0, 0]);
    expect(gradValues[4]).toEqual([2, 2, 2]);
    const { grads } = tf.variableGrads(
      () => tf.sum(embedding.apply(ids)) as tf.Scalar,
      [embedding.table],
    );
    expect((grads[embedding.table.name] as tf.Tensor).arraySync()).toEqual(gradValues);
    tf.dispose([ids, vectors, grad, ...Object.values(grads)]);
    embedding.dispose();
  });

  it('leaves no tensors behind when built and disposed', async () => {
    await expectNoLeaks(() => new Embedding({ vocabSize: 7, dim: 3 }).dispose());
  });

  it('same seed gives the same table', () => {
    const a = new Embedding({ vocabSize: 6, dim: 4, seed: 9 });
    const b = new Embedding({ vocabSize: 6, dim: 4, seed: 9 });
    expectTensorsClose(a.table, b.table, { atol: 0 });
    a.dispose();
    b.dispose();
  });
});

describe('LayerNorm', () => {
  it('normalises the last axis like PyTorch (biased variance, eps inside the sqrt)', async () => {
    const { LayerNorm } = await import('./layer-norm');
    const norm = new LayerNorm({ dim: 4 });
    const x = tf.tensor2d([
      [1, 2, 3, 4],
      [-1, 0, 0, 5],
    ]);
    const y = norm.apply(x);
    const rows = [
      [1, 2, 3, 4],
      [-1, 0, 0, 5],
    ].map((row) => {
      const mean = row.reduce((a, b) => a + b) / 4;
      const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
      return row.map((v) => (v - mean) / Math.sqrt(variance + 1e-5));
    });
    expectTensorsClose(y, rows, { atol: 1e-5 });
    checkGradients((input) => tf.sum(tf.mul(norm.apply(input), tf.range(0, 4))), [x]);
    tf.dispose([x, y]);
    norm.dispose();
  });
});
