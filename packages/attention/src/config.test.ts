import { disposeTree, HeedError } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  buildAttention,
  describeConfig,
  randomInputs,
  VARIANT_CONFIGS,
  withOptions,
} from '../test/variants';
import type { AttentionConfig } from './config';
import { BUILT_IN_VARIANTS, createAttention } from './registry';

describe('getConfig round-trips through createAttention', () => {
  it('the shared test configurations cover every built-in type', () => {
    const covered = new Set<string>(VARIANT_CONFIGS.map((config) => config.type));
    expect(
      BUILT_IN_VARIANTS.map((variant) => variant.type).filter((type) => !covered.has(type)),
    ).toEqual([]);
  });

  for (const config of VARIANT_CONFIGS) {
    it(describeConfig(config), () => {
      const original = buildAttention(withOptions({ ...config, seed: 11 }, { dropout: 0.1 }));
      const json = JSON.parse(JSON.stringify(original.getConfig())) as AttentionConfig;
      const rebuilt = buildAttention(json);
      expect(rebuilt.getConfig()).toEqual(original.getConfig());
      expect(rebuilt.type).toBe(config.type);
      const a = original.namedParameters();
      const b = rebuilt.namedParameters();
      expect([...b.keys()]).toEqual([...a.keys()]);
      for (const [name, variable] of a) {
        expect(Array.from(b.get(name)!.dataSync())).toEqual(Array.from(variable.dataSync()));
      }
      original.dispose();
      rebuilt.dispose();
    });
  }

  it('different seeds give different weights', () => {
    const a = buildAttention({ type: 'additive', queryDim: 3, keyDim: 3, seed: 1 });
    const b = buildAttention({ type: 'additive', queryDim: 3, keyDim: 3, seed: 2 });
    const first = Array.from(a.namedParameters().get('W1')!.dataSync());
    expect(Array.from(b.namedParameters().get('W1')!.dataSync())).not.toEqual(first);
    a.dispose();
    b.dispose();
  });
});

describe('parameters', () => {
  it('multihead uses PyTorch names and shapes', () => {
    const packed = buildAttention({ type: 'multihead', queryDim: 8, keyDim: 8, heads: 2 });
    const shapes = (attention: typeof packed) =>
      Object.fromEntries([...attention.namedParameters()].map(([n, v]) => [n, v.shape]));
    expect(shapes(packed)).toEqual({
      in_proj_weight: [24, 8],
      in_proj_bias: [24],
      'out_proj.weight': [8, 8],
      'out_proj.bias': [8],
    });
    const separate = buildAttention({
      type: 'multihead',
      queryDim: 8,
      keyDim: 6,
      valueDim: 5,
      heads: 2,
      useBias: false,
    });
    expect(shapes(separate)).toEqual({
      q_proj_weight: [8, 8],
      k_proj_weight: [8, 6],
      v_proj_weight: [8, 5],
      'out_proj.weight': [8, 8],
    });
    expect(separate.contextDim).toBe(8);
    packed.dispose();
    separate.dispose();
  });

  it('each variant has the parameters its equation names', () => {
    const names = (config: AttentionConfig) => {
      const attention = buildAttention(config);
      const out = [...attention.namedParameters().keys()];
      attention.dispose();
      return out;
    };
    const sizes = { queryDim: 4, keyDim: 5 };
    expect(names({ type: 'additive', ...sizes })).toEqual(['W1', 'W2', 'b', 'v']);
    expect(names({ type: 'additive', ...sizes, normalize: true })).toEqual([
      'W1',
      'W2',
      'b',
      'v',
      'g',
    ]);
    expect(names({ type: 'dot', queryDim: 4, keyDim: 4 })).toEqual([]);
    expect(names({ type: 'scaled-dot', queryDim: 4, keyDim: 4, scale: true })).toEqual(['g']);
    expect(names({ type: 'general', ...sizes })).toEqual(['W']);
    expect(names({ type: 'general', ...sizes, scale: true })).toEqual(['W', 'g']);
    expect(names({ type: 'concat', ...sizes, useBias: false })).toEqual(['W', 'v']);
    expect(names({ type: 'local-m', ...sizes })).toEqual(['W']);
    expect(names({ type: 'local-p', ...sizes, score: 'concat' })).toEqual([
      'W',
      'b',
      'v',
      'Wp',
      'vp',
    ]);
    expect(names({ type: 'none', ...sizes })).toEqual([]);
  });
});

describe('validation', () => {
  const cases: [AttentionConfig, string][] = [
    [
      { type: 'additive', queryDim: 4, keyDim: 4, units: -1 },
      'AdditiveAttention: units must be a positive integer. Received: units=-1',
    ],
    [
      { type: 'dot', queryDim: 4, keyDim: 3 },
      'DotAttention: queryDim must equal keyDim (3) for a dot-product score. Received: queryDim=4',
    ],
    [
      { type: 'general', queryDim: 0, keyDim: 3 },
      'GeneralAttention: queryDim must be a positive integer. Received: queryDim=0',
    ],
    [
      { type: 'concat', queryDim: 2, keyDim: 3, useBias: 'yes' as unknown as boolean },
      "ConcatAttention: useBias must be a boolean. Received: useBias='yes'",
    ],
    [
      { type: 'local-m', queryDim: 4, keyDim: 4, window: 0 },
      'LocalAttention: window must be a positive integer. Received: window=0',
    ],
    [
      { type: 'local-p', queryDim: 4, keyDim: 4, score: 'cosine' },
      "LocalAttention: score must name a registered scored attention. Received: score='cosine'",
    ],
    [
      { type: 'multihead', queryDim: 8, keyDim: 8, heads: 3 },
      'MultiheadAttention: heads must divide units (8). Received: heads=3',
    ],
    [
      { type: 'multihead', queryDim: 8, keyDim: 8, dropout: 1.5 },
      'MultiheadAttention: dropout must be a number in [0, 0.999999]. Received: dropout=1.5',
    ],
    [
      { type: 'none', queryDim: 4, keyDim: 4, valueDim: 2.5 },
      'NoAttention: valueDim must be a positive integer. Received: valueDim=2.5',
    ],
  ];
  for (const [config, message] of cases) {
    it(message, () => {
      expect(() => createAttention(config)).toThrow(message);
      expect(() => createAttention(config)).toThrow(HeedError);
    });
  }

  it('checks the shapes given to prepare and attend', () => {
    const config: AttentionConfig = { type: 'additive', queryDim: 4, keyDim: 5, valueDim: 3 };
    const attention = buildAttention(config);
    const inputs = randomInputs(config, { b: 2, S: 5, T: 3 }, 1);
    expect(() => attention.prepare(inputs.values, inputs.values)).toThrow(
      'AdditiveAttention.prepare: keys must have shape [?, ?, 5]. Received: keys.shape=[2, 5, 3]',
    );
    const shortValues = tf.zeros([2, 4, 3]) as tf.Tensor3D;
    expect(() => attention.prepare(inputs.keys, shortValues)).toThrow(
      'AdditiveAttention.prepare: values must have shape [2, 5, 3]',
    );
    const memory = attention.prepare(inputs.keys, inputs.values);
    expect(() => attention.attend(inputs.keys, memory)).toThrow(
      'AdditiveAttention.attend: query must have shape [2, ?, 4]. Received: query.shape=[2, 5, 5]',
    );
    disposeTree([inputs, shortValues, memory]);
    attention.dispose();
  });
});
