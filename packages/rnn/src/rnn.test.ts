import { HeedError } from '@heed/core';
import { expectNoLeaks, expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import fixtures from '../test/fixtures/torch-rnn.json';
import type { CellKind } from './cell-kind';
import { Rnn } from './rnn';

interface Stored {
  shape: number[];
  values: number[];
}

function tensorOf(stored: Stored): tf.Tensor {
  return tf.tensor(stored.values, stored.shape, 'float32');
}

/** PyTorch's `h_n [L·D, b, H]` as heed's per-layer `[b, D·H]`. */
function torchStates(stored: Stored, layers: number, directions: number): tf.Tensor2D[] {
  return tf.tidy(() => {
    const all = tf.unstack(tensorOf(stored)) as tf.Tensor2D[];
    return Array.from(
      { length: layers },
      (_, layer) =>
        tf.concat(all.slice(layer * directions, (layer + 1) * directions), 1) as tf.Tensor2D,
    );
  });
}

describe('Rnn parity with torch.nn.GRU / nn.LSTM', () => {
  for (const fused of [true, false]) {
    for (const fixture of fixtures.cases) {
      it(`${fixture.name} (${fused ? 'fused' : 'reference ops'})`, () => {
        const { config } = fixture;
        const rnn = new Rnn({ ...config, cell: config.cell as CellKind, fused });
        const weights = new Map(
          Object.entries(fixture.weights).map(([name, stored]) => [name, tensorOf(stored)]),
        );
        rnn.assignParameters(weights);
        const x = tensorOf(fixture.x) as tf.Tensor3D;
        const result = rnn.forward(x, fixture.lengths ? { lengths: fixture.lengths } : {});
        expectTensorsClose(result.outputs, tensorOf(fixture.outputs), { atol: 1e-4 });
        const directions = config.bidirectional ? 2 : 1;
        const expectedH = torchStates(fixture.h_n, config.layers, directions);
        for (const [layer, expected] of expectedH.entries()) {
          expectTensorsClose(result.hidden[layer]!, expected, { atol: 1e-4 });
        }
        if ('c_n' in fixture) {
          const expectedC = torchStates(fixture.c_n as Stored, config.layers, directions);
          for (const [layer, expected] of expectedC.entries()) {
            expectTensorsClose(result.cell![layer]!, expected, { atol: 1e-4 });
          }
          tf.dispose(expectedC);
        }
        tf.dispose([x, result.outputs, ...result.hidden, ...(result.cell ?? []), ...expectedH]);
        tf.dispose([...weights.values()]);
        rnn.dispose();
      });
    }
  }
});

describe('Rnn', () => {
  it('names its parameters as PyTorch does', () => {
    const rnn = new Rnn({
      cell: 'lstm',
      inputSize: 3,
      hiddenSize: 2,
      layers: 2,
      bidirectional: true,
    });
    const shapes = Object.fromEntries(
      [...rnn.namedParameters()].map(([name, variable]) => [name, variable.shape]),
    );
    expect(shapes.weight_ih_l0).toEqual([8, 3]);
    expect(shapes.weight_hh_l0_reverse).toEqual([8, 2]);
    expect(shapes.weight_ih_l1).toEqual([8, 4]);
    expect(shapes.bias_hh_l1_reverse).toEqual([8]);
    expect(Object.keys(shapes)).toHaveLength(16);
    rnn.dispose();
  });

  it('initialises every weight within ±1/√H like PyTorch', () => {
    const rnn = new Rnn({ inputSize: 3, hiddenSize: 16 });
    for (const variable of rnn.parameters()) {
      const values = variable.dataSync();
      expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(0.25);
      expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0.2);
    }
    rnn.dispose();
  });

  it('zeroes outputs past each length and keeps the state of the last real step', () => {
    const rnn = new Rnn({ inputSize: 2, hiddenSize: 3, bidirectional: true, seed: 4 });
    const x = tf.randomNormal([2, 4, 2], 0, 1, 'float32', 1) as tf.Tensor3D;
    const full = rnn.forward(tf.slice(x, [1, 0, 0], [1, 2, 2]) as tf.Tensor3D);
    const padded = rnn.forward(x, { lengths: [4, 2] });
    const rowOne = tf.slice(padded.outputs, [1, 0, 0], [1, 2, 6]);
    expectTensorsClose(rowOne, full.outputs, { atol: 1e-6 });
    expectTensorsClose(tf.slice(padded.outputs, [1, 2, 0], [1, 2, 6]), tf.zeros([1, 2, 6]));
    expectTensorsClose(tf.slice(padded.hidden[0]!, [1, 0], [1, 6]), full.hidden[0]!, {
      atol: 1e-6,
    });
    rnn.dispose();
  });

  it('round-trips its config', () => {
    const rnn = new Rnn({
      cell: 'lstm',
      inputSize: 3,
      hiddenSize: 2,
      layers: 2,
      dropout: 0.1,
      seed: 9,
    });
    const copy = Rnn.fromConfig(rnn.getConfig());
    expect(copy.getConfig()).toEqual(rnn.getConfig());
    const [a, b] = [rnn.parameters()[0]!, copy.parameters()[0]!];
    expectTensorsClose(a, b);
    rnn.dispose();
    copy.dispose();
  });

  it('rejects bad options and inputs with clear errors', () => {
    expect(() => new Rnn({ inputSize: 3, hiddenSize: 0 })).toThrow(
      'Rnn: hiddenSize must be a positive integer. Received: hiddenSize=0',
    );
    expect(() => new Rnn({ inputSize: 3, hiddenSize: 2, cell: 'rnn' as CellKind })).toThrow(
      HeedError,
    );
    const rnn = new Rnn({ inputSize: 3, hiddenSize: 2 });
    expect(() => rnn.forward(tf.zeros([1, 2, 4]) as tf.Tensor3D)).toThrow('x must have shape');
    expect(() => rnn.forward(tf.zeros([1, 2, 3]) as tf.Tensor3D, { lengths: [3] })).toThrow(
      'every length must be an integer in [0, 2]',
    );
    // Tensor lengths are checked where the kernel reads them, not read back by the model.
    const lengths = tf.tensor1d([5], 'int32');
    expect(() => rnn.forward(tf.zeros([1, 2, 3]) as tf.Tensor3D, { lengths })).toThrow(
      'recurrence: every length must be an integer in [0, 2]. Received: length=5',
    );
    lengths.dispose();
    rnn.dispose();
  });

  it('leaves no tensors behind across training steps', async () => {
    const rnn = new Rnn({ cell: 'lstm', inputSize: 3, hiddenSize: 4, layers: 2, dropout: 0.2 });
    const x = tf.randomNormal([2, 3, 3]) as tf.Tensor3D;
    await expectNoLeaks(() => {
      for (let i = 0; i < 3; i++) {
        const { value, grads } = tf.variableGrads(
          () => tf.sum(rnn.forward(x, { lengths: [3, 1], training: true }).outputs) as tf.Scalar,
        );
        expect(Object.keys(grads)).toHaveLength(8);
        tf.dispose([value, ...Object.values(grads)]);
      }
    });
    x.dispose();
    rnn.dispose();
  });
});
