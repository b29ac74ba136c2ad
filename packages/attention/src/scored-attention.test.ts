import { disposeTree } from '@heed/core';
import { expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { buildAttention, randomInputs, withOptions } from '../test/variants';
import type { AttentionConfig } from './config';

const config: AttentionConfig = {
  type: 'multihead',
  queryDim: 8,
  keyDim: 8,
  heads: 2,
  dropout: 0.5,
  seed: 3,
};
const SIZES = { b: 2, S: 6, T: 6 };

describe('dropout on the weights', () => {
  it('is off unless training, seeded, and leaves the returned weights untouched', () => {
    const first = buildAttention(config);
    const second = buildAttention(config);
    tf.tidy(() => {
      const inputs = randomInputs(config, SIZES, 1);
      const memory = first.prepare(inputs.keys, inputs.values);
      const inference = first.attend(inputs.query, memory);
      const trainingA = first.attend(inputs.query, memory, { training: true });
      const trainingB = first.attend(inputs.query, memory, { training: true });
      const twin = second.attend(inputs.query, second.prepare(inputs.keys, inputs.values), {
        training: true,
      });
      expectTensorsClose(trainingA.weights, inference.weights, { atol: 0 });
      expectTensorsClose(twin.context, trainingA.context, { atol: 0 });
      const differs = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
      expect(differs(trainingA.context, inference.context)).toBeGreaterThan(1e-3);
      expect(differs(trainingA.context, trainingB.context)).toBeGreaterThan(1e-3);
    });
    first.dispose();
    second.dispose();
  });
});

describe('causal masking', () => {
  for (const type of ['dot', 'additive', 'multihead'] as const) {
    it(`${type}: query i sees keys j ≤ i + (S − T)`, () => {
      const causalConfig = withOptions({ type, queryDim: 4, keyDim: 4 }, { heads: 2 });
      const attention = buildAttention(causalConfig);
      tf.tidy(() => {
        const inputs = randomInputs(causalConfig, { b: 1, S: 5, T: 3 }, 2);
        const memory = attention.prepare(inputs.keys, inputs.values);
        const { weights } = attention.attend(inputs.query, memory, { causal: true });
        const rows = weights.arraySync()[0]!;
        rows.forEach((row, i) => {
          row.forEach((weight, j) => {
            if (j > i + 2) expect(weight).toBe(0);
            else expect(weight).toBeGreaterThan(0);
          });
        });
        disposeTree(memory);
      });
      attention.dispose();
    });
  }
});
