import { expectNoLeaks, expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import type { AttentionSpec } from '../config';
import { createAttention } from '../registry';
import { AttentionLayer } from './index';

const [b, T, S, d] = [2, 3, 4, 6];

/** A two-input functional model: query `[T, d]`, value `[S, d]` → attention → output. */
function attentionModel(layer: tfl.layers.Layer): tfl.LayersModel {
  const query = tfl.input({ shape: [T, d], name: 'query' });
  const value = tfl.input({ shape: [S, d], name: 'value' });
  const outputs = layer.apply([query, value]) as tfl.SymbolicTensor | tfl.SymbolicTensor[];
  return tfl.model({ inputs: [query, value], outputs });
}

function inputs(seed: number): [tf.Tensor3D, tf.Tensor3D] {
  return [
    tf.randomNormal([b, T, d], 0, 1, 'float32', seed),
    tf.randomNormal([b, S, d], 0, 1, 'float32', seed + 1),
  ];
}

/** Saves to memory and loads back, as `model.save` → `tf.loadLayersModel` would through files. */
async function roundTrip(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return tfl.loadLayersModel(tf.io.fromMemory(saved!));
}

const specs: AttentionSpec[] = [
  { type: 'additive', units: 5, normalize: true },
  { type: 'general', scale: true },
  { type: 'scaled-dot' },
  { type: 'concat', useBias: false },
  { type: 'local-p', window: 1, score: 'additive', units: 4 },
  { type: 'multihead', heads: 2, dropout: 0.2 },
];

/** The layer's weights by name, as TF.js saves them (the layer's scope removed). */
function weightNames(layer: tfl.layers.Layer): string[] {
  return layer.weights.map((weight) => weight.originalName.split('/').pop()!);
}

describe('Keras-style layers', () => {
  for (const spec of specs) {
    it(`${spec.type}: model.save → tf.loadLayersModel round-trips config and outputs`, async () => {
      const model = attentionModel(new AttentionLayer({ attention: spec, seed: 3 }));
      const loaded = await roundTrip(model);
      const original = model.layers[2]!;
      const restored = loaded.layers[2]!;
      expect(restored.getClassName()).toBe(original.getClassName());
      expect(restored.getConfig()).toEqual(original.getConfig());
      const [query, value] = inputs(5);
      const expected = model.predict([query, value]) as tf.Tensor;
      const actual = loaded.predict([query, value]) as tf.Tensor;
      expect(actual.shape).toEqual([b, T, d]);
      expect(weightNames(restored)).toEqual(weightNames(original));
      expectTensorsClose(actual, expected, { atol: 1e-6 });
      await expectNoLeaks(() => tf.dispose(model.predict([query, value]) as tf.Tensor));
      tf.dispose([query, value, expected, actual]);
      model.dispose();
      loaded.dispose();
    });
  }

  it('trains with model.fit (every weight gets a gradient)', async () => {
    const model = attentionModel(new AttentionLayer({ attention: { type: 'additive' }, seed: 4 }));
    model.compile({ optimizer: tf.train.sgd(0.5), loss: 'meanSquaredError' });
    const [query, value] = inputs(7);
    const target = tf.randomNormal([b, T, d], 0, 1, 'float32', 9);
    const before = model.getWeights().map((w) => w.dataSync().slice());
    const history = await model.fit([query, value], target, { epochs: 3, verbose: 0 });
    const after = model.getWeights().map((w) => w.dataSync().slice());
    after.forEach((values, i) => {
      expect(Array.from(values)).not.toEqual(Array.from(before[i]!));
    });
    const losses = history.history.loss as number[];
    expect(losses[2]!).toBeLessThan(losses[0]!);
    tf.dispose([query, value, target]);
    model.dispose();
  });

  it('takes the value mask as an input [b, S] and returns the weights', async () => {
    const queryIds = tfl.input({ shape: [T], dtype: 'int32' });
    const valueIds = tfl.input({ shape: [S], dtype: 'int32' });
    const valueMask = tfl.input({ shape: [S] });
    const embedding = tfl.layers.embedding({ inputDim: 10, outputDim: d });
    const attention = new AttentionLayer({
      attention: { type: 'dot' },
      returnAttentionScores: true,
    });
    const outputs = attention.apply([
      embedding.apply(queryIds) as tfl.SymbolicTensor,
      embedding.apply(valueIds) as tfl.SymbolicTensor,
      valueMask,
    ]) as tfl.SymbolicTensor[];
    const model = await roundTrip(tfl.model({ inputs: [queryIds, valueIds, valueMask], outputs }));
    tf.tidy(() => {
      const [context, weights] = model.predict([
        tf.tensor2d(
          [
            [4, 5, 6],
            [7, 8, 0],
          ],
          [b, T],
          'int32',
        ),
        tf.tensor2d(
          [
            [1, 2, 3, 4],
            [5, 6, 0, 0],
          ],
          [b, S],
          'int32',
        ),
        tf.tensor2d([
          [1, 1, 1, 1],
          [1, 1, 0, 0],
        ]),
      ]) as tf.Tensor[];
      expect(context!.shape).toEqual([b, T, d]);
      expect(weights!.shape).toEqual([b, T, S]);
      for (const step of (weights as tf.Tensor3D).arraySync()[1]!) {
        expect(step[2]).toBe(0);
        expect(step[3]).toBe(0);
        expect(step[0]! + step[1]!).toBeCloseTo(1, 5);
      }
    });
    model.dispose();
  });

  it('takes a Keras-style [queryMask, valueMask] list when called directly', () => {
    const layer = new AttentionLayer({
      attention: { type: 'additive' },
      returnAttentionScores: true,
    });
    tf.tidy(() => {
      const [query, value] = inputs(3);
      const valueMask = tf.tensor2d([
        [1, 1, 1, 0],
        [1, 0, 0, 0],
      ]);
      const [, weights] = layer.apply([query, value], { mask: [null, valueMask] }) as tf.Tensor[];
      const rows = (weights as tf.Tensor3D).arraySync();
      for (const step of rows[0]!) expect(step[3]).toBe(0);
      for (const step of rows[1]!) expect(step[0]).toBeCloseTo(1, 6);
    });
    layer.dispose();
  });

  it('is the registered module: same parameters (names, PyTorch layout), same outputs', () => {
    const layer = new AttentionLayer({ attention: { type: 'additive', units: 5 }, seed: 6 });
    const model = attentionModel(layer);
    expect(weightNames(layer)).toEqual(['W1', 'W2', 'b', 'v']);
    expect(layer.weights.map((weight) => weight.shape)).toEqual([[5, d], [5, d], [5], [5]]);
    const parameters = [...layer.module.namedParameters().values()];
    expect(layer.weights.map((weight) => weight.read())).toEqual(parameters);
    const twin = createAttention({ type: 'additive', queryDim: d, keyDim: d, units: 5, seed: 6 });
    tf.tidy(() => {
      const [query, value] = inputs(11);
      const expected = twin.attend(query, twin.prepare(value, value)).context;
      expectTensorsClose(model.predict([query, value]) as tf.Tensor, expected, { atol: 1e-6 });
    });
    twin.dispose();
    model.dispose();
  });

  it('names nested parameters by module path (multihead keeps PyTorch names)', () => {
    const layer = new AttentionLayer({ attention: { type: 'multihead', heads: 2 } });
    const model = attentionModel(layer);
    expect(weightNames(layer)).toEqual([
      'in_proj_weight',
      'in_proj_bias',
      'out_proj.weight',
      'out_proj.bias',
    ]);
    model.dispose();
  });

  it('rejects bad arguments in the house style', () => {
    expect(() => new AttentionLayer({ attention: { type: 'additive', units: -1 } })).toThrow(
      'AttentionLayer (additive): units must be a positive integer. Received: units=-1',
    );
    expect(
      () => new AttentionLayer({ attention: { type: 'cosine' } as unknown as AttentionSpec }),
    ).toThrow("AttentionLayer: type must be one of 'additive'");
    expect(
      () => new AttentionLayer({ attention: { type: 'dot', causal: true } as AttentionSpec }),
    ).toThrow("AttentionLayer (dot): unknown option 'causal'. Known options: scale, dropout");
  });
});
