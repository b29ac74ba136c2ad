import { type Attention, HeedError } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { GeneralAttention } from './general-attention';
import type { LocalAttention } from './local-attention';
import type { NoAttention } from './no-attention';
import { attentionTypes, createAttention, registerAttention } from './registry';

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
    ]) {
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

  it('rejects options AttentionConfig does not have', () => {
    const config = { type: 'dot', queryDim: 4, keyDim: 4, unit: 3 };
    expect(() => createAttention(config)).toThrow("unknown option 'unit'");
  });

  it('registers a user-defined type and refuses to replace one', () => {
    registerAttention('my-dot', (config) => createAttention({ ...config, type: 'dot' }));
    expect(attentionTypes()).toContain('my-dot');
    const attention = createAttention({ type: 'my-dot', queryDim: 2, keyDim: 2 });
    expect(attention.type).toBe('dot');
    attention.dispose();
    expect(() => registerAttention('additive', () => attention)).toThrow(
      "registerAttention: type 'additive' is already registered",
    );
  });
});
