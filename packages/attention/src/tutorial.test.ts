import { expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fromFixture } from '../test/fixture-types';
import tutorial from '../test/fixtures/tutorial.json';
import { AdditiveAttention } from './additive-attention';
import { ConcatAttention } from './concat-attention';

// The NumPy attention tutorial: np.random.seed(42); encoder states randn(5, 16);
// decoder state randn(1, 16); layer_1 = randn(32, 10); layer_2 = randn(10, 1).
// Its scores are tanh([h_enc; h_dec] · layer_1) · layer_2 with the ENCODER state
// first (scripts/make_fixtures.py asserts that the decoder-first order gives
// other numbers), i.e. Bahdanau's vᵀ tanh(W1 k + W2 q) with W1 = layer_1[:16]ᵀ,
// W2 = layer_1[16:]ᵀ, v = layer_2, or Luong's query-first concat with
// W = [layer_1[16:]; layer_1[:16]]ᵀ.
const EXPECTED = [4.35790943, 5.92373433, 4.18673175, 2.11437202, 0.95767155];

function tutorialTensors() {
  const layer1 = fromFixture<tf.Rank.R2>(tutorial.layer1); // [32, 10]: rows 0–15 encoder, 16–31 decoder
  return {
    keys: tf.expandDims(fromFixture<tf.Rank.R2>(tutorial.encoderStates), 0) as tf.Tensor3D, // [1, 5, 16]
    query: tf.expandDims(fromFixture<tf.Rank.R2>(tutorial.decoderState), 0) as tf.Tensor3D, // [1, 1, 16]
    encoderWeight: tf.transpose(tf.slice(layer1, [0, 0], [16, 10])), // [10, 16]
    decoderWeight: tf.transpose(tf.slice(layer1, [16, 0], [16, 10])), // [10, 16]
    v: tf.reshape(fromFixture(tutorial.layer2), [10]),
  };
}

describe('the NumPy tutorial case', () => {
  it('fixes the fixture to the published numbers', () => {
    expect(tutorial.scores).toEqual(EXPECTED);
  });

  it('is reproduced by additive attention without bias', () => {
    const attention = new AdditiveAttention({
      queryDim: 16,
      keyDim: 16,
      units: 10,
      useBias: false,
    });
    tf.tidy(() => {
      const t = tutorialTensors();
      attention.assignParameters(
        new Map([
          ['W1', t.encoderWeight],
          ['W2', t.decoderWeight],
          ['v', t.v],
        ]),
      );
      const memory = attention.prepare(t.keys, t.keys);
      expectTensorsClose(attention.scores(t.query, memory), [[EXPECTED]], { atol: 1e-4 });
      const { weights } = attention.attend(t.query, memory);
      expectTensorsClose(weights, tf.softmax(tf.tensor3d([[EXPECTED]])), { atol: 1e-5 });
    });
    attention.dispose();
  });

  it('is reproduced by concat attention with the two halves of layer_1 swapped', () => {
    const attention = new ConcatAttention({ queryDim: 16, keyDim: 16, units: 10, useBias: false });
    tf.tidy(() => {
      const t = tutorialTensors();
      attention.assignParameters(
        new Map([
          ['W', tf.concat([t.decoderWeight, t.encoderWeight], 1)], // [10, 32] = W [q; k]
          ['v', t.v],
        ]),
      );
      const memory = attention.prepare(t.keys, t.keys);
      expectTensorsClose(attention.scores(t.query, memory), [[EXPECTED]], { atol: 1e-4 });
    });
    attention.dispose();
  });

  it('gives the decoder-first numbers when layer_1 is used unswapped as Luong concat', () => {
    const attention = new ConcatAttention({ queryDim: 16, keyDim: 16, units: 10, useBias: false });
    tf.tidy(() => {
      const t = tutorialTensors();
      attention.assignParameters(
        new Map([
          ['W', tf.concat([t.encoderWeight, t.decoderWeight], 1)],
          ['v', t.v],
        ]),
      );
      const memory = attention.prepare(t.keys, t.keys);
      expectTensorsClose(attention.scores(t.query, memory), [[tutorial.queryFirstScores]], {
        atol: 1e-4,
      });
    });
    attention.dispose();
  });
});
