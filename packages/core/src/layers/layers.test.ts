import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { checkGradients, expectNoLeaks, expectTensorsClose } from '../testing';
import { Dense, dense } from './dense';
import { Embedding } from './embedding';
import { TorchLinear, torchLinear } from './torch-linear';

describe('Dense', () => {
  it('computes x·kernel + bias over the last axis of any rank', () => {
    const layer = new Dense({ inputDim: 3, outputDim: 2, seed: 1 });
    const x = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 3);
    const y = layer.apply(x);
    const expected = tf.add(
      tf.reshape(tf.matMul(tf.reshape(x, [8, 3]), layer.kernel), [2, 4, 2]),
      layer.bias as tf.Variable,
    );
    expectTensorsClose(y, expected, { atol: 1e-6 });
    expect(layer.parameterCount()).toBe(8);
    expect(Dense.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    tf.dispose([x, y, expected]);
    layer.dispose();
  });

  it('initialises within PyTorch bounds and rejects bad sizes', () => {
    const layer = new Dense({ inputDim: 16, outputDim: 4 });
    const bound = 1 / Math.sqrt(16);
    expect(Math.max(...Array.from(layer.kernel.dataSync()).map(Math.abs))).toBeLessThanOrEqual(
      bound,
    );
    expect(() => layer.apply(tf.zeros([2, 4]))).toThrow(
      'dense: x.shape must end in kernel.shape[0]=16 (kernel is [in, out]). Received: x.shape=[2,4]',
    );
    layer.dispose();
    expect(() => new Dense({ inputDim: 0, outputDim: 4 })).toThrow(
      'Dense: inputDim must be a positive integer. Received: inputDim=0',
    );
  });

  it('has correct gradients and no leaks', async () => {
    const layer = new Dense({ inputDim: 3, outputDim: 2, seed: 2 });
    const x = tf.randomNormal([4, 3], 0, 1, 'float32', 5);
    await expectNoLeaks(() => {
      checkGradients((input) => tf.sum(tf.tanh(layer.apply(input))), [x]);
    });
    x.dispose();
    layer.dispose();
  });
});

describe('TorchLinear', () => {
  it('computes Σ_i x_i·weight[o, i] + bias[o] (PyTorch layout) over the last axis', () => {
    const layer = new TorchLinear({ inFeatures: 3, outFeatures: 2, seed: 1 });
    expect(layer.weight.shape).toEqual([2, 3]);
    expect([...layer.namedParameters().keys()]).toEqual(['weight', 'bias']);
    const x = tf.randomNormal([2, 2, 3], 0, 1, 'float32', 3);
    const y = layer.apply(x);
    // An independent plain-TS transcription of nn.Linear.
    const xs = Array.from(x.dataSync());
    const w = Array.from(layer.weight.dataSync());
    const b = Array.from((layer.bias as tf.Variable).dataSync());
    const expected: number[] = [];
    for (let row = 0; row < 4; row++) {
      for (let o = 0; o < 2; o++) {
        let sum = b[o] as number;
        for (let i = 0; i < 3; i++) sum += (xs[row * 3 + i] as number) * (w[o * 3 + i] as number);
        expected.push(sum);
      }
    }
    expect(y.shape).toEqual([2, 2, 2]);
    expectTensorsClose(y, tf.tensor3d(expected, [2, 2, 2]), { atol: 1e-6 });
    expect(TorchLinear.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    tf.dispose([x, y]);
    layer.dispose();
  });

  it('equals dense with the transposed weight, without a bias too', () => {
    const layer = new TorchLinear({ inFeatures: 4, outFeatures: 3, useBias: false, seed: 4 });
    expect(layer.bias).toBeUndefined();
    const x = tf.randomNormal([5, 4], 0, 1, 'float32', 6);
    const kernel = tf.transpose(layer.weight);
    expectTensorsClose(layer.apply(x), dense(x, kernel), { atol: 1e-6 });
    expect(() => torchLinear(tf.zeros([2, 3]), layer.weight)).toThrow(
      'torchLinear: x.shape must end in weight.shape[1]=4 (weight is [out, in]). Received: x.shape=[2,3]',
    );
    expect(() => new TorchLinear({ inFeatures: 2, outFeatures: 0 })).toThrow(
      'TorchLinear: outFeatures must be a positive integer. Received: outFeatures=0',
    );
    tf.dispose([x, kernel]);
    layer.dispose();
  });

  it('has correct gradients wrt input, weight and bias, and no leaks', async () => {
    const layer = new TorchLinear({ inFeatures: 3, outFeatures: 2, seed: 2 });
    const x = tf.randomNormal([2, 2, 3], 0, 1, 'float32', 5);
    await expectNoLeaks(() => {
      checkGradients(
        (input, weight, bias) => tf.sum(tf.tanh(torchLinear(input, weight, bias))),
        [x, layer.weight, layer.bias as tf.Variable],
      );
    });
    x.dispose();
    layer.dispose();
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
