import { type Attention, type AttentionMemory, HeedError } from '@heed/core';
import { expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { buildAttention, randomInputs } from '../test/variants';
import { additive } from './additive-attention';
import type { AttentionConfig } from './config';
import type { GeneralAttention } from './general-attention';
import type { LocalAttention } from './local-attention';
import type { NoAttention } from './no-attention';
import { numberInRange, type OptionsOf } from './options';
import {
  attentionTypes,
  checkAttentionSpec,
  createAttention,
  parseAttentionOptions,
  registerAttention,
  upgradeAttentionSpec,
} from './registry';
import { ScoredAttention, scoredOptions } from './scored-attention';
import { type AttentionDimensions, defineAttention } from './variant';

describe('createAttention', () => {
  it('builds each built-in type with the right contextDim', () => {
    for (const type of [
      'additive',
      'dot',
      'scaled-dot',
      'general',
      'concat',
      'local-m',
      'local-p',
      'none',
    ] as const) {
      const attention = createAttention({ type, queryDim: 4, keyDim: 4, valueDim: 3 });
      expect(attention.type).toBe(type);
      expect(attention.contextDim).toBe(3);
      const keys = tf.randomNormal([2, 5, 4], 0, 1, 'float32', 1) as tf.Tensor3D;
      const values = tf.randomNormal([2, 5, 3], 0, 1, 'float32', 2) as tf.Tensor3D;
      const query = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 3) as tf.Tensor3D;
      const memory = attention.prepare(keys, values);
      const result = attention.attend(query, memory);
      expect(result.context.shape).toEqual([2, 3, 3]);
      expect(result.weights.shape).toEqual([2, 3, 5]);
      tf.dispose([keys, values, query, result.context, result.weights]);
      attention.dispose();
    }
  });

  it("returns the variant's class for a literal type, so scores() needs no cast", () => {
    const general = createAttention({ type: 'general', queryDim: 4, keyDim: 4, scale: true });
    expectTypeOf(general).toEqualTypeOf<GeneralAttention>();
    expectTypeOf(
      createAttention({ type: 'local-p', queryDim: 4, keyDim: 4 }),
    ).toEqualTypeOf<LocalAttention>();
    expectTypeOf(
      createAttention({ type: 'none', queryDim: 4, keyDim: 4 }),
    ).toEqualTypeOf<NoAttention>();
    const type: string = 'general';
    expectTypeOf(createAttention({ type, queryDim: 4, keyDim: 4 })).toEqualTypeOf<Attention>();
    tf.tidy(() => {
      const keys = tf.randomNormal([1, 3, 4], 0, 1, 'float32', 1) as tf.Tensor3D;
      const query = tf.randomNormal([1, 2, 4], 0, 1, 'float32', 2) as tf.Tensor3D;
      const scores = general.scores(query, general.prepare(keys, keys));
      expect(scores.shape).toEqual([1, 2, 3]);
    });
    general.dispose();
  });

  it('names the known types when the type is unknown', () => {
    expect(() => createAttention({ type: 'bogus', queryDim: 4, keyDim: 4 })).toThrow(
      "createAttention: type must be one of 'additive', 'dot'",
    );
    expect(() => createAttention({ type: 'bogus', queryDim: 4, keyDim: 4 })).toThrow(HeedError);
  });

  it("rejects an option the type's schema does not have, naming the known ones", () => {
    const config = { type: 'dot', queryDim: 4, keyDim: 4, unit: 3 };
    expect(() => createAttention(config)).toThrow(
      "createAttention: unknown option 'unit'. Known options: scale, dropout",
    );
    // @ts-expect-error `units` is not an option of dot attention
    expect(() => createAttention({ type: 'dot', queryDim: 4, keyDim: 4, units: 3 })).toThrow(
      "unknown option 'units'",
    );
  });
});

/** A user's variant: scaled cosine similarity, with its own option. */
const cosineOptions = {
  /** Divides the cosines. Defaults to 1. */
  temperature: numberInRange(1e-3, 1e3, 1),
  ...scoredOptions,
};

class CosineAttention extends ScoredAttention<typeof cosineOptions> {
  readonly contextDim: number;

  constructor(config: AttentionDimensions & OptionsOf<typeof cosineOptions>) {
    super('CosineAttention', 'test-cosine', cosineOptions, config);
    this.contextDim = this.valueDim;
  }

  protected score(query: tf.Tensor3D, memory: AttentionMemory): tf.Tensor {
    const unit = (x: tf.Tensor) => tf.div(x, tf.norm(x, 'euclidean', -1, true));
    const cosines = tf.matMul(
      unit(query) as tf.Tensor3D,
      unit(memory.keys) as tf.Tensor3D,
      false,
      true,
    );
    return tf.div(cosines, this.options.temperature);
  }
}

const testCosine = defineAttention({
  type: 'test-cosine',
  options: cosineOptions,
  create: (config) => new CosineAttention(config),
});

declare module './config' {
  interface AttentionTypes {
    'test-cosine': typeof testCosine;
  }
}

describe('registerAttention', () => {
  it('adds a typed variant, refuses to replace one, and undoes the registration', () => {
    const unregister = registerAttention(testCosine);
    try {
      expect(attentionTypes()).toContain('test-cosine');
      const attention = createAttention({
        type: 'test-cosine',
        queryDim: 2,
        keyDim: 2,
        temperature: 0.5,
      });
      expectTypeOf(attention).toEqualTypeOf<CosineAttention>();
      expect(attention.getConfig()).toEqual({
        type: 'test-cosine',
        queryDim: 2,
        keyDim: 2,
        valueDim: 2,
        temperature: 0.5,
        dropout: 0,
        seed: 0,
      });
      tf.tidy(() => {
        const keys = tf.tensor3d([
          [
            [1, 0],
            [0, 1],
          ],
        ]); // [1, S=2, 2]
        const query = tf.tensor3d([[[3, 0]]]); // [1, T=1, 2]
        const { weights } = attention.attend(query, attention.prepare(keys, keys));
        const expected = [Math.exp(2) / (Math.exp(2) + 1), 1 / (Math.exp(2) + 1)]; // cosines 1, 0 over 0.5
        expectTensorsClose(weights, [[expected]], { atol: 1e-6 });
      });
      attention.dispose();
      expect(() => registerAttention(testCosine)).toThrow(
        "registerAttention: type 'test-cosine' is already registered",
      );
      expect(() => registerAttention(additive)).toThrow(
        "registerAttention: type 'additive' is already registered",
      );
    } finally {
      unregister();
    }
    expect(attentionTypes()).not.toContain('test-cosine');
    expect(() => createAttention({ type: 'test-cosine', queryDim: 2, keyDim: 2 })).toThrow(
      "createAttention: type must be one of 'additive'",
    );
  });

  it("checks a user variant's options with its schema", () => {
    const unregister = registerAttention(testCosine);
    try {
      expect(() =>
        createAttention({ type: 'test-cosine', queryDim: 2, keyDim: 2, temperature: 0 }),
      ).toThrow(
        'CosineAttention: temperature must be a number in [0.001, 1000]. Received: temperature=0',
      );
      expect(parseAttentionOptions('test-cosine', ['temperature=0.25'])).toEqual({
        type: 'test-cosine',
        temperature: 0.25,
      });
    } finally {
      unregister();
    }
  });
});

describe('local attention wraps any scored variant', () => {
  const sizes = { queryDim: 4, keyDim: 4, valueDim: 3, seed: 5 };
  const cases = [
    ['additive', { units: 6 }],
    ['concat', { units: 6, useBias: false }],
    ['dot', { scale: true }],
    ['general', {}],
    ['test-cosine', { temperature: 0.5 }],
  ] as const;
  for (const [score, options] of cases) {
    it(`local-m over ${score} with a window wider than S is ${score} itself, with its parameters`, () => {
      const unregister = registerAttention(testCosine);
      const plain = buildAttention({ type: score, ...sizes, ...options } as AttentionConfig);
      const local = buildAttention({
        type: 'local-m',
        ...sizes,
        ...options,
        score,
        window: 10,
      } as AttentionConfig);
      unregister();
      expect([...local.namedParameters().keys()]).toEqual([...plain.namedParameters().keys()]);
      tf.tidy(() => {
        const inputs = randomInputs({ type: 'dot', ...sizes }, { b: 2, S: 4, T: 3 }, 9);
        const lengths = tf.tensor1d([4, 2], 'int32');
        const expected = plain.attend(
          inputs.query,
          plain.prepare(inputs.keys, inputs.values, undefined, lengths),
        );
        const actual = local.attend(
          inputs.query,
          local.prepare(inputs.keys, inputs.values, undefined, lengths),
        );
        expectTensorsClose(actual.context, expected.context, { atol: 1e-6 });
        expectTensorsClose(actual.weights, expected.weights, { atol: 1e-6 });
      });
      plain.dispose();
      local.dispose();
    });
  }

  it("puts the score's options in its config and rejects a non-scored score", () => {
    const local = createAttention({
      type: 'local-p',
      queryDim: 4,
      keyDim: 4,
      score: 'additive',
      normalize: true,
    });
    expect(local.getConfig()).toMatchObject({
      score: 'additive',
      normalize: true,
      units: 4,
      useBias: true,
    });
    expect([...local.namedParameters().keys()]).toEqual(['W1', 'W2', 'b', 'v', 'g', 'Wp', 'vp']);
    local.dispose();
    expect(() =>
      createAttention({ type: 'local-m', queryDim: 4, keyDim: 4, score: 'none' }),
    ).toThrow("LocalAttention: score must name a scored attention. Received: score='none'");
    expect(() =>
      createAttention({ type: 'local-m', queryDim: 4, keyDim: 4, score: 'local-p' }),
    ).toThrow(
      "LocalAttention: score must name a registered scored attention. Received: score='local-p'",
    );
  });
});

describe('options from text and JSON', () => {
  it("reads key=value by each option's kind, with the score's options for local attention", () => {
    expect(
      parseAttentionOptions('local-p', ['score=concat', 'units=6', 'useBias=false', 'dropout=0.1']),
    ).toEqual({ type: 'local-p', score: 'concat', units: 6, useBias: false, dropout: 0.1 });
    // A score chosen elsewhere (a config file) brings its options.
    expect(
      parseAttentionOptions('local-m', ['normalize=true'], { given: { score: 'additive' } }),
    ).toEqual({ type: 'local-m', normalize: true });
  });

  it('says which option and text were wrong', () => {
    expect(() =>
      parseAttentionOptions('additive', ['units=-1'], { owner: '--attention-option' }),
    ).toThrow(
      '--attention-option (additive): units must be a positive integer. Received: units=-1',
    );
    expect(() => parseAttentionOptions('additive', ['normalize=yes'])).toThrow(
      "normalize must be a boolean. Received: normalize='yes'",
    );
    expect(() =>
      parseAttentionOptions('dot', ['heads=2'], { owner: '--attention-option' }),
    ).toThrow("--attention-option (dot): unknown option 'heads'. Known options: scale, dropout");
    expect(() => parseAttentionOptions('dot', ['scale'], { owner: '--attention-option' })).toThrow(
      "--attention-option: an option must be written key=value. Received: 'scale'",
    );
  });

  it('upgrades a spec saved when every type took (and ignored) the shared options', () => {
    expect(upgradeAttentionSpec({ type: 'additive', units: 8, heads: 4, window: 10 })).toEqual({
      type: 'additive',
      units: 8,
    });
    expect(upgradeAttentionSpec({ type: 'local-m', heads: 4, window: 3, useBias: false })).toEqual({
      type: 'local-m',
      window: 3,
    });
    expect(
      upgradeAttentionSpec({ type: 'local-m', score: 'concat', heads: 4, useBias: false }),
    ).toEqual({ type: 'local-m', score: 'concat', useBias: false });
    // A misspelt option is not a formerly shared one: createAttention still refuses it.
    expect(upgradeAttentionSpec({ type: 'dot', unit: 3 } as { type: string })).toEqual({
      type: 'dot',
      unit: 3,
    });
  });

  it('checks a spec read from JSON', () => {
    expect(checkAttentionSpec({ type: 'multihead', heads: 4 }, 'config.json')).toEqual({
      type: 'multihead',
      heads: 4,
    });
    expect(() => checkAttentionSpec({ type: 'general', window: 3 }, 'config.json')).toThrow(
      "config.json (general): unknown option 'window'. Known options: scale, dropout",
    );
    expect(() => checkAttentionSpec({ type: 'bahdanau' }, 'config.json')).toThrow(
      "config.json: type must be one of 'additive'",
    );
  });
});
