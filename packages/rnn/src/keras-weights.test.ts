import { expectNoLeaks, expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import fixture from '../test/fixtures/keras-recurrent.json';
import { GruCell, LstmCell } from './cells';
import { RnnEncoder } from './encoder';
import {
  type KerasLayerLike,
  type KerasRecurrentWeights,
  kerasLayerWeights,
  loadKerasWeights,
} from './keras-weights';
import { Rnn } from './rnn';

interface KerasCase {
  name: string;
  cell: 'gru' | 'lstm';
  /** GRU only: Keras `reset_after`. */
  resetAfter?: boolean;
  layers: number;
  bidirectional: boolean;
  inputSize: number;
  hiddenSize: number;
  lengths: number[];
  weights: { kernel: number[][]; recurrentKernel: number[][]; bias: number[] | number[][] }[];
  x?: number[][][];
  vocabSize?: number;
  embedding?: number[][];
  ids?: number[][];
  outputs: number[][][];
  hidden: number[][][];
  cellStates?: number[][][];
}

const cases = fixture.cases as KerasCase[];
const TOLERANCE = { atol: 1e-5 };

function kerasWeights(reference: KerasCase): KerasRecurrentWeights[] {
  return reference.weights.map((w) => ({
    cell: reference.cell,
    ...(reference.resetAfter === undefined ? {} : { resetAfter: reference.resetAfter }),
    kernel: tf.tensor(w.kernel),
    recurrentKernel: tf.tensor(w.recurrentKernel),
    bias: tf.tensor(w.bias),
  }));
}

const disposeWeights = (layers: KerasRecurrentWeights[]) =>
  tf.dispose(layers.flatMap((w) => [w.kernel, w.recurrentKernel, w.bias ?? []]));

describe('loadKerasWeights (NumPy transcription of Keras)', () => {
  for (const reference of cases) {
    it(`${reference.name} reproduces Keras's outputs and final states`, async () => {
      const layers = kerasWeights(reference);
      const config = {
        cell: reference.cell,
        ...(reference.resetAfter === undefined ? {} : { resetAfter: reference.resetAfter }),
        hiddenSize: reference.hiddenSize,
        layers: reference.layers,
        bidirectional: reference.bidirectional,
      };
      await expectNoLeaks(() => {
        if (reference.ids && reference.embedding && reference.vocabSize) {
          const encoder = new RnnEncoder({
            ...config,
            vocabSize: reference.vocabSize,
            embeddingDim: reference.inputSize,
          });
          const embedding = tf.tensor2d(reference.embedding);
          expect(loadKerasWeights(encoder, layers, { embedding })).toEqual({
            missing: [],
            extra: [],
          });
          const ids = tf.tensor2d(reference.ids, undefined, 'int32');
          const result = encoder.encode(ids, reference.lengths);
          expectTensorsClose(result.outputs, reference.outputs, TOLERANCE);
          result.hidden.forEach((h, layer) => {
            expectTensorsClose(h, reference.hidden[layer] ?? [], TOLERANCE);
          });
          tf.dispose([embedding, ids, result.outputs, ...result.hidden]);
          encoder.dispose();
          return;
        }
        const rnn = new Rnn({ ...config, inputSize: reference.inputSize });
        loadKerasWeights(rnn, layers);
        const x = tf.tensor3d(reference.x ?? []);
        const result = rnn.forward(x, { lengths: reference.lengths });
        expectTensorsClose(result.outputs, reference.outputs, TOLERANCE);
        result.hidden.forEach((h, layer) => {
          expectTensorsClose(h, reference.hidden[layer] ?? [], TOLERANCE);
        });
        result.cell?.forEach((c, layer) => {
          expectTensorsClose(c, reference.cellStates?.[layer] ?? [], TOLERANCE);
        });
        tf.dispose([x, result.outputs, ...result.hidden, ...(result.cell ?? [])]);
        rnn.dispose();
      });
      disposeWeights(layers);
    });
  }

  it('loads one layer into a GruCell or LstmCell, whose steps follow Keras', () => {
    for (const reference of cases.filter((c) => c.layers === 1 && !c.bidirectional)) {
      const layers = kerasWeights(reference);
      const sizes = {
        inputSize: reference.inputSize,
        hiddenSize: reference.hiddenSize,
        ...(reference.resetAfter === undefined ? {} : { resetAfter: reference.resetAfter }),
      };
      const cell = reference.cell === 'gru' ? new GruCell(sizes) : new LstmCell(sizes);
      loadKerasWeights(cell, layers);
      tf.tidy(() => {
        // Row 0 is unpadded: stepping the cell over it gives Keras's outputs.
        let state = cell.zeroState(1);
        (reference.x?.[0] ?? []).forEach((x, t) => {
          state = cell.step(tf.tensor2d([x]), state);
          expectTensorsClose(state.h, [reference.outputs[0]?.[t] ?? []], TOLERANCE);
        });
      });
      disposeWeights(layers);
      cell.dispose();
    }
  });
});

describe('kerasLayerWeights + loadKerasWeights (a tf.layers model as the reference)', () => {
  const T = 5;
  const inputSize = 3;
  const H = 4;
  const x = () => tf.randomNormal([2, T, inputSize], 0, 1, 'float32', 5) as tf.Tensor3D;

  function layersModel(layer: tfl.layers.Layer): tfl.LayersModel {
    const input = tfl.input({ shape: [T, inputSize] });
    return tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
  }

  const lstmOptions = {
    units: H,
    returnSequences: true,
    recurrentActivation: 'sigmoid' as const,
    kernelInitializer: tfl.initializers.randomUniform({ minval: -0.6, maxval: 0.6, seed: 1 }),
    // The default orthogonal initialiser calls chained tensor methods (`.flatten()`), which only
    // the full @tensorflow/tfjs bundle registers.
    recurrentInitializer: tfl.initializers.randomUniform({ minval: -0.6, maxval: 0.6, seed: 3 }),
    biasInitializer: tfl.initializers.randomUniform({ minval: -0.3, maxval: 0.3, seed: 2 }),
  };

  for (const bidirectional of [false, true]) {
    it(`a tf.layers.lstm${bidirectional ? ' inside tf.layers.bidirectional' : ''} gives heed's Rnn its outputs`, () => {
      const lstm = tfl.layers.lstm(lstmOptions);
      const layer = bidirectional
        ? tfl.layers.bidirectional({ layer: lstm as tfl.RNN, mergeMode: 'concat' })
        : lstm;
      const model = layersModel(layer);
      const rnn = new Rnn({ cell: 'lstm', inputSize, hiddenSize: H, bidirectional });
      const report = loadKerasWeights(rnn, kerasLayerWeights(layer as unknown as KerasLayerLike));
      expect(report).toEqual({ missing: [], extra: [] });
      tf.tidy(() => {
        const input = x();
        const expected = model.predict(input) as tf.Tensor3D; // [b, T, D·H]
        expectTensorsClose(rnn.forward(input).outputs, expected, TOLERANCE);
      });
      model.dispose();
      rnn.dispose();
    });
  }

  for (const bidirectional of [false, true]) {
    it(`a tf.layers.gru (reset-before)${bidirectional ? ' inside tf.layers.bidirectional' : ''} gives heed's resetAfter: false Rnn its outputs, fused and not`, () => {
      const gru = tfl.layers.gru(lstmOptions);
      const layer = bidirectional
        ? tfl.layers.bidirectional({ layer: gru as tfl.RNN, mergeMode: 'concat' })
        : gru;
      const model = layersModel(layer);
      const weights = kerasLayerWeights(layer as unknown as KerasLayerLike);
      for (const fused of [true, false]) {
        const rnn = new Rnn({
          cell: 'gru',
          resetAfter: false,
          inputSize,
          hiddenSize: H,
          bidirectional,
          fused,
        });
        expect(loadKerasWeights(rnn, weights)).toEqual({ missing: [], extra: [] });
        tf.tidy(() => {
          const input = x();
          const expected = model.predict(input) as tf.Tensor3D; // [b, T, D·H]
          expectTensorsClose(rnn.forward(input).outputs, expected, TOLERANCE);
        });
        rnn.dispose();
      }
      model.dispose();
    });
  }

  it('a tf.layers.gru cell step equals a resetAfter: false GruCell step', () => {
    const gru = tfl.layers.gru(lstmOptions);
    const model = layersModel(gru);
    const cell = new GruCell({ inputSize, hiddenSize: H, resetAfter: false });
    loadKerasWeights(cell, kerasLayerWeights(gru as unknown as KerasLayerLike));
    tf.tidy(() => {
      const input = x();
      const expected = model.predict(input) as tf.Tensor3D; // [b, T, H]
      let state = cell.zeroState(2);
      for (let t = 0; t < T; t++) {
        const step = tf.reshape(tf.slice(input, [0, t, 0], [2, 1, inputSize]), [2, inputSize]);
        state = cell.step(step as tf.Tensor2D, state);
        expectTensorsClose(
          state.h,
          tf.reshape(tf.slice(expected, [0, t, 0], [2, 1, H]), [2, H]),
          TOLERANCE,
        );
      }
    });
    model.dispose();
    cell.dispose();
  });

  it('refuses a reset_after mismatch and the hard sigmoid, with clear errors', () => {
    const { recurrentInitializer } = lstmOptions;
    const gru = tfl.layers.gru({ units: H, recurrentActivation: 'sigmoid', recurrentInitializer });
    const gruModel = layersModel(gru);
    const rnn = new Rnn({ cell: 'gru', inputSize, hiddenSize: H });
    expect(() =>
      loadKerasWeights(rnn, kerasLayerWeights(gru as unknown as KerasLayerLike)),
    ).toThrow(
      'loadKerasWeights: layers[0] is a Keras GRU with reset_after=False, the module a GRU with resetAfter: true; build the module with resetAfter: false. Received: resetAfter=false',
    );
    const lstm = tfl.layers.lstm({ units: H, recurrentInitializer });
    const lstmModel = layersModel(lstm);
    const lstmRnn = new Rnn({ cell: 'lstm', inputSize, hiddenSize: H });
    expect(() =>
      loadKerasWeights(lstmRnn, kerasLayerWeights(lstm as unknown as KerasLayerLike)),
    ).toThrow("loadKerasWeights: recurrentActivation must be 'sigmoid'");
    expect(() =>
      loadKerasWeights(rnn, kerasLayerWeights(lstm as unknown as KerasLayerLike)),
    ).toThrow('loadKerasWeights: layers[0] is a Keras LSTM, the module a GRU');
    gruModel.dispose();
    lstmModel.dispose();
    rnn.dispose();
    lstmRnn.dispose();
  });

  it('checks layer counts and shapes', () => {
    const reference = cases[0] as KerasCase;
    const layers = kerasWeights(reference);
    const stacked = new Rnn({ cell: 'gru', inputSize: 3, hiddenSize: 4, layers: 2 });
    expect(() => loadKerasWeights(stacked, layers)).toThrow(
      'loadKerasWeights: layers.length must be 2 (one per layer). Received: layers.length=1',
    );
    const wide = new Rnn({ cell: 'gru', inputSize: 3, hiddenSize: 5 });
    expect(() => loadKerasWeights(wide, layers)).toThrow(
      'mismatched: weight_ih_l0: expected float32[15, 3], received float32[12, 3]',
    );
    const oneBias = [{ ...layers[0]!, bias: tf.zeros([12]) }];
    expect(() =>
      loadKerasWeights(new Rnn({ cell: 'gru', inputSize: 3, hiddenSize: 4 }), oneBias),
    ).toThrow('loadKerasWeights: bias.shape must be [2, 12]. Received: bias.shape=[12]');
    disposeWeights([...layers, ...oneBias]);
    stacked.dispose();
    wide.dispose();
  });
});
