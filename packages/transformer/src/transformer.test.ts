import { disposeTree, type Encoded } from '@heed/core';
import { checkParameterGradients, expectNoLeaks, expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { TransformerConfig } from './config';
import { Transformer } from './transformer';

const tiny: TransformerConfig = {
  sourceVocabSize: 11,
  targetVocabSize: 13,
  modelDim: 16,
  heads: 2,
  encoderLayers: 2,
  decoderLayers: 2,
  feedForwardDim: 32,
  dropout: 0,
  maxLength: 32,
  seed: 3,
};

const source = () =>
  tf.tensor2d(
    [
      [4, 5, 6, 7, 2],
      [8, 9, 2, 0, 0],
    ],
    undefined,
    'int32',
  );
const lengths = () => tf.tensor1d([5, 3], 'int32');
const targetInput = () =>
  tf.tensor2d(
    [
      [1, 4, 5, 6],
      [1, 10, 11, 12],
    ],
    undefined,
    'int32',
  );

/** Logits of every step of cached incremental decoding fed with `targetInput`. */
function stepAll(model: Transformer, src: tf.Tensor2D, srcLengths: tf.Tensor1D, tgt: tf.Tensor2D) {
  return tf.tidy(() => {
    const encoded: Encoded = model.encode(src, srcLengths);
    let state = encoded.initialState;
    const logits: tf.Tensor2D[] = [];
    const columns = tf.unstack(tgt, 1) as tf.Tensor1D[];
    for (const column of columns) {
      const result = model.step(column, state, encoded);
      logits.push(result.logits);
      state = result.state;
    }
    return tf.stack(logits, 1) as tf.Tensor3D; // [b, T, V]
  });
}

const variants: [string, Partial<TransformerConfig>][] = [
  ['pre-norm, multihead cross-attention', {}],
  [
    'post-norm, learned positions, GELU',
    { norm: 'post', positional: 'learned', activation: 'gelu' },
  ],
  ['tied embeddings', { tieEmbeddings: true }],
  ['additive cross-attention', { crossAttention: { type: 'additive', units: 8 } }],
];

describe('Transformer', () => {
  for (const [name, overrides] of variants) {
    it(`cached incremental decoding equals teacher-forced forward at every step (${name})`, () => {
      const model = new Transformer({ ...tiny, ...overrides });
      const [src, srcLengths, tgt] = [source(), lengths(), targetInput()];
      const full = model.forward(src, srcLengths, tgt);
      const stepped = stepAll(model, src, srcLengths, tgt);
      expectTensorsClose(stepped, full.logits, { atol: 1e-5 });
      disposeTree([full, stepped, src, srcLengths, tgt]);
      model.dispose();
    });
  }

  it('forwardHidden returns forward without the output layer; a seeded pass (attention dropout too) repeats exactly', () => {
    const model = new Transformer({ ...tiny, dropout: 0.2 });
    const [src, srcLengths, tgt] = [source(), lengths(), targetInput()];
    const options = { training: true, seed: 7 };
    const full = model.forward(src, srcLengths, tgt, options);
    const before = tf.memory().numTensors;
    const hidden = model.forwardHidden(src, srcLengths, tgt, options);
    expect(Object.keys(hidden).sort()).toEqual(['attention', 'hidden']);
    expect(tf.memory().numTensors - before).toBe(2);
    expectTensorsClose(hidden.hidden, full.hidden, { atol: 0 });
    expectTensorsClose(hidden.attention as tf.Tensor3D, full.attention as tf.Tensor3D, { atol: 0 });
    disposeTree([full, hidden, src, srcLengths, tgt]);
    model.dispose();
  });

  it('ignores source padding: extra PAD columns leave real outputs unchanged', () => {
    const model = new Transformer(tiny);
    const [src, srcLengths, tgt] = [source(), lengths(), targetInput()];
    const padded = tf.pad(src, [
      [0, 0],
      [0, 3],
    ]) as tf.Tensor2D;
    const a = model.forward(src, srcLengths, tgt);
    const b = model.forward(padded, srcLengths, tgt);
    expectTensorsClose(b.logits, a.logits, { atol: 1e-5 });
    const attentionOnPadding = tf.slice(b.attention as tf.Tensor3D, [0, 0, 5], [2, 4, 3]);
    expect(Math.max(...attentionOnPadding.dataSync())).toBe(0);
    disposeTree([a, b, src, padded, srcLengths, tgt, attentionOnPadding]);
    model.dispose();
  });

  it('is causal: the output at t does not depend on target tokens after t', () => {
    const model = new Transformer(tiny);
    const [src, srcLengths, tgt] = [source(), lengths(), targetInput()];
    const perturbed = tf.tensor2d(
      [
        [1, 4, 12, 3],
        [1, 10, 4, 4],
      ],
      undefined,
      'int32',
    );
    const a = model.forward(src, srcLengths, tgt);
    const b = model.forward(src, srcLengths, perturbed);
    const prefix = (x: tf.Tensor3D) => tf.slice(x, [0, 0, 0], [2, 2, 13]);
    expectTensorsClose(prefix(b.logits), prefix(a.logits), { atol: 1e-6 });
    const later = tf.sub(
      tf.slice(b.logits, [0, 2, 0], [2, 2, 13]),
      tf.slice(a.logits, [0, 2, 0], [2, 2, 13]),
    );
    expect(tf.max(tf.abs(later)).dataSync()[0]).toBeGreaterThan(1e-3);
    disposeTree([a, b, src, srcLengths, tgt, perturbed, later]);
    model.dispose();
  });

  it('has correct gradients (finite differences through a tiny model)', () => {
    const model = new Transformer({
      ...tiny,
      modelDim: 8,
      feedForwardDim: 8,
      encoderLayers: 1,
      decoderLayers: 1,
    });
    const [src, srcLengths, tgt] = [source(), lengths(), targetInput()];
    const weights = model.namedParameters();
    const probe = [
      'decoder_0.cross_attention.in_proj_weight',
      'decoder_0.self_attention.out_proj.weight',
      'encoder_0.feed_forward.inner.kernel',
      'source_embedding',
      'output.bias',
    ].map((name) => weights.get(name) as tf.Variable);
    expect(probe.every(Boolean)).toBe(true);
    const classWeights = tf.reshape(tf.range(0, 13), [1, 1, 13]);
    checkParameterGradients(
      () => {
        const { logits } = model.forward(src, srcLengths, tgt);
        return tf.sum(tf.mul(tf.logSoftmax(logits), classWeights)) as tf.Scalar;
      },
      probe,
      { maxChecksPerInput: 5, rtol: 2e-2, atol: 5e-3 },
    );
    disposeTree([src, srcLengths, tgt, classWeights]);
    model.dispose();
  });

  it('leaks no tensors in forward, encode + step, and a training step', async () => {
    const model = new Transformer({ ...tiny, dropout: 0.1 });
    const [src, srcLengths, tgt] = [source(), lengths(), targetInput()];
    const optimizer = tf.train.adam(1e-3);
    const train = () =>
      optimizer.minimize(
        () => {
          const { logits } = model.forward(src, srcLengths, tgt, { training: true });
          return tf.mean(tf.sum(logits, -1)) as tf.Scalar;
        },
        false,
        model.trainableParameters(),
      );
    train(); // optimizer slots are created on the first step
    await expectNoLeaks(() => {
      for (let i = 0; i < 3; i++) train();
      disposeTree(model.forward(src, srcLengths, tgt));
      tf.dispose(stepAll(model, src, srcLengths, tgt));
      const bos = tf.tensor1d([1, 1], 'int32');
      const rows = tf.tensor1d([1, 1, 0], 'int32');
      const encoded = model.encode(src, srcLengths);
      const first = model.step(bos, encoded.initialState, encoded);
      const reordered = model.reorder(first.state, rows);
      disposeTree([encoded, first, reordered, bos, rows]);
    });
    optimizer.dispose();
    disposeTree([src, srcLengths, tgt]);
    model.dispose();
  });

  it('reorder picks and repeats rows of the cache', () => {
    const model = new Transformer(tiny);
    const [src, srcLengths] = [source(), lengths()];
    const encoded = model.encode(src, srcLengths);
    const first = model.step(tf.tensor1d([1, 1], 'int32'), encoded.initialState, encoded);
    const reordered = model.reorder(first.state, tf.tensor1d([1, 1, 0], 'int32')) as {
      layers: { keys: tf.Tensor3D }[];
    };
    const original = (first.state as unknown as { layers: { keys: tf.Tensor3D }[] }).layers[0]
      ?.keys as tf.Tensor3D;
    const picked = reordered.layers[0]?.keys as tf.Tensor3D;
    expect(picked.shape).toEqual([3, 1, 16]);
    expectTensorsClose(tf.gather(picked, 2), tf.gather(original, 0));
    disposeTree([encoded, first, reordered, src, srcLengths]);
    model.dispose();
  });

  it('fromConfig(getConfig()) rebuilds the same model', () => {
    const model = new Transformer({ ...tiny, tieEmbeddings: true });
    const copy = Transformer.fromConfig(model.getConfig());
    expect([...copy.namedParameters().keys()]).toEqual([...model.namedParameters().keys()]);
    for (const [name, variable] of model.namedParameters()) {
      expectTensorsClose(copy.namedParameters().get(name) as tf.Variable, variable, { atol: 0 });
    }
    expect(copy.parameterCount()).toBe(model.parameterCount());
    copy.dispose();
    model.dispose();
  });

  it('validates its configuration', () => {
    expect(() => new Transformer({ ...tiny, heads: 3 })).toThrow(
      'Transformer: heads must divide modelDim (16). Received: heads=3',
    );
    expect(() => new Transformer({ ...tiny, norm: 'middle' as 'pre' })).toThrow(
      "Transformer: norm must be one of 'pre', 'post'. Received: norm='middle'",
    );
  });
});
