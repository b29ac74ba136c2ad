import { disposeTree } from '@heed/core';
import { expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type AttentionCase, fixtureParameters, fromFixture } from '../test/fixture-types';
import additiveCases from '../test/fixtures/additive.json';
import localCases from '../test/fixtures/local.json';
import luongCases from '../test/fixtures/luong.json';
import multiheadCases from '../test/fixtures/multihead.json';
import optionCases from '../test/fixtures/options.json';
import type { AttentionBase } from './attention-base';
import type { AttentionConfig } from './config';
import { createAttention } from './registry';

const TOLERANCE = { atol: 1e-4 };

/** Builds the case's attention, loads its weights, and compares attend's outputs. */
function checkCase(reference: AttentionCase, useLengths: boolean): void {
  const attention = createAttention(
    reference.config as unknown as AttentionConfig,
  ) as AttentionBase;
  const parameters = fixtureParameters(reference.parameters);
  attention.assignParameters(parameters);
  tf.tidy(() => {
    const query = fromFixture<tf.Rank.R3>(reference.inputs.query);
    const keys = fromFixture<tf.Rank.R3>(reference.inputs.keys);
    const values = fromFixture<tf.Rank.R3>(reference.inputs.values);
    const memory = useLengths
      ? attention.prepare(keys, values, undefined, tf.tensor1d(reference.inputs.lengths, 'int32'))
      : attention.prepare(keys, values, fromFixture<tf.Rank.R2>(reference.inputs.mask));
    const result = attention.attend(query, memory, {
      ...(reference.positions ? { positions: fromFixture<tf.Rank.R2>(reference.positions) } : {}),
      ...(reference.causal ? { causal: true } : {}),
    });
    expectTensorsClose(result.context, fromFixture(reference.expected.context), TOLERANCE);
    expectTensorsClose(result.weights, fromFixture(reference.expected.weights), TOLERANCE);
    if (reference.headWeights) {
      expect(result.headWeights).toBeDefined();
      expectTensorsClose(result.headWeights!, fromFixture(reference.headWeights), TOLERANCE);
    }
  });
  disposeTree([...parameters.values()]);
  attention.dispose();
}

const groups: [string, AttentionCase[]][] = [
  ['additive (Bahdanau, NumPy)', additiveCases as unknown as AttentionCase[]],
  ['dot, scaled-dot, general, concat (Luong, NumPy)', luongCases as unknown as AttentionCase[]],
  ['local-m, local-p (Luong, NumPy)', localCases as unknown as AttentionCase[]],
  ['multihead (torch.nn.MultiheadAttention)', multiheadCases as unknown as AttentionCase[]],
  [
    'general scale, local-p without the Gaussian (TF Addons, Luong, NumPy)',
    optionCases as unknown as AttentionCase[],
  ],
];

for (const [group, cases] of groups) {
  describe(`parity: ${group}`, () => {
    for (const reference of cases) {
      it(`${reference.name} matches within 1e-4 (mask)`, () => checkCase(reference, false));
      it(`${reference.name} matches within 1e-4 (lengths)`, () => checkCase(reference, true));
    }
  });
}
