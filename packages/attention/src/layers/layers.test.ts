import { expectNoLeaks, expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { AdditiveAttention as AdditiveModule } from '../additive-attention';
import { GeneralAttention } from '../general-attention';
import { MultiheadAttention as MultiheadModule } from '../multihead-attention';
import { AdditiveAttention, LuongAttention, MultiHeadAttention } from './index';

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

const layers: [string, () => tfl.layers.Layer][] = [
  ['AdditiveAttention', () => new AdditiveAttention({ units: 5, normalize: true, seed: 1 })],
  ['LuongAttention general', () => new LuongAttention({ score: 'general', scale: true, seed: 2 })],
  ['LuongAttention scaled-dot', () => new LuongAttention({ score: 'scaled-dot', causal: true })],
  [
    'MultiHeadAttention',
    () => new MultiHeadAttention({ numHeads: 2, keyDim: 3, outputDim: 4, dropout: 0.2, seed: 3 }),
  ],
];

describe('Keras-style layers', () => {
  for (const [name, make] of layers) {
    it(`${name}: model.save → tf.loadLayersModel round-trips config and outputs`, async () => {
      const model = attentionModel(make());
      const loaded = await roundTrip(model);
      const original = model.layers[2]!;
      const restored = loaded.layers[2]!;
      expect(restored.getClassName()).toBe(original.getClassName());
      expect(restored.getConfig()).toEqual(original.getConfig());
      const [query, value] = inputs(5);
      const expected = model.predict([query, value]) as tf.Tensor;
      const actual = loaded.predict([query, value]) as tf.Tensor;
      expect(actual.shape).toEqual([b, T, name === 'MultiHeadAttention' ? 4 : d]);
      expectTensorsClose(actual, expected, { atol: 1e-6 });
      await expectNoLeaks(() => tf.dispose(model.predict([query, value]) as tf.Tensor));
      tf.dispose([query, value, expected, actual]);
      model.dispose();
      loaded.dispose();
    });
  }

  it('trains with model.fit (every weight gets a gradient)', async () => {
    const model = attentionModel(new AdditiveAttention({ seed: 4 }));
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
    const attention = new LuongAttention({ returnAttentionScores: true });
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
    const layer = new AdditiveAttention({ returnAttentionScores: true });
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

  it('AdditiveAttention equals the additive module with the same weights', () => {
    const layer = new AdditiveAttention({ units: 5, seed: 6 });
    const model = attentionModel(layer);
    const module = new AdditiveModule({ queryDim: d, keyDim: d, units: 5, seed: 6 });
    tf.tidy(() => {
      const [queryKernel, keyKernel, bias, v] = layer.getWeights();
      module.assignParameters(
        new Map([
          ['W1', tf.transpose(keyKernel!)],
          ['W2', tf.transpose(queryKernel!)],
          ['b', bias!],
          ['v', v!],
        ]),
      );
      const [query, value] = inputs(11);
      const expected = module.attend(query, module.prepare(value, value)).context;
      expectTensorsClose(model.predict([query, value]) as tf.Tensor, expected, { atol: 1e-5 });
    });
    module.dispose();
    model.dispose();
  });

  it('LuongAttention general equals the general module with the same weights', () => {
    const layer = new LuongAttention({ score: 'general', seed: 6 });
    const model = attentionModel(layer);
    const module = new GeneralAttention({ queryDim: d, keyDim: d });
    tf.tidy(() => {
      module.assignParameters(new Map([['W', layer.getWeights()[0]!]]));
      const [query, value] = inputs(12);
      const expected = module.attend(query, module.prepare(value, value)).context;
      expectTensorsClose(model.predict([query, value]) as tf.Tensor, expected, { atol: 1e-5 });
    });
    module.dispose();
    model.dispose();
  });

  it('MultiHeadAttention equals the PyTorch-layout module with the same weights', () => {
    const layer = new MultiHeadAttention({ numHeads: 2, keyDim: 3, seed: 8 });
    const model = attentionModel(layer);
    const module = new MultiheadModule({ queryDim: d, keyDim: d, heads: 2 });
    tf.tidy(() => {
      const [qk, qb, kk, kb, vk, vb, ok, ob] = layer.getWeights();
      module.assignParameters(
        new Map([
          ['in_proj_weight', tf.concat([tf.transpose(qk!), tf.transpose(kk!), tf.transpose(vk!)])],
          ['in_proj_bias', tf.concat([qb!, kb!, vb!])],
          ['out_proj.weight', tf.transpose(ok!)],
          ['out_proj.bias', ob!],
        ]),
      );
      const [query, value] = inputs(13);
      const expected = module.attend(query, module.prepare(value, value)).context;
      expectTensorsClose(model.predict([query, value]) as tf.Tensor, expected, { atol: 1e-5 });
    });
    module.dispose();
    model.dispose();
  });

  it('rejects bad arguments in the house style', () => {
    expect(() => new MultiHeadAttention({ numHeads: 0, keyDim: 2 })).toThrow(
      'MultiHeadAttention: numHeads must be a positive integer. Received: numHeads=0',
    );
    expect(() => new LuongAttention({ score: 'cosine' as 'dot' })).toThrow(
      "LuongAttention: score must be one of 'dot', 'general', 'scaled-dot'. Received: score='cosine'",
    );
    expect(() => new AdditiveAttention({ dropout: -0.1 })).toThrow(
      'AdditiveAttention: dropout must be a number in [0, 0.999999]. Received: dropout=-0.1',
    );
  });
});
