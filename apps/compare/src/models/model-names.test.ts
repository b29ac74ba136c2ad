import { DotAttention, defineAttention, dotOptions, registerAttention } from '@heed/attention';
import { describe, expect, it } from 'vitest';
import { modelNames, parseModels } from './model-names';

describe('parseModels', () => {
  it('returns the names in the canonical order, once each', () => {
    expect(parseModels('transformer,none, additive,none')).toEqual([
      'none',
      'additive',
      'transformer',
    ]);
  });

  it('expands all and rnn', () => {
    expect(parseModels('all')).toEqual(modelNames());
    expect(parseModels('rnn')).toEqual(modelNames().filter((name) => name !== 'transformer'));
    expect(parseModels('rnn,transformer')).toEqual(modelNames());
  });

  it('names the unknown model and lists the known ones', () => {
    expect(() => parseModels('additive,bahdanau')).toThrow(
      /--models: unknown model 'bahdanau'\. Known models: none, additive, dot, scaled-dot, general, concat, local-m, local-p, multihead, transformer/,
    );
    expect(() => parseModels(' , ')).toThrow(/name at least one model/);
  });

  it('lists every registered attention type, a new one included', () => {
    const myDot = defineAttention({
      type: 'my-dot',
      options: dotOptions,
      create: ({ type: _type, ...config }) => new DotAttention(config),
    });
    const unregister = registerAttention(myDot);
    try {
      expect(modelNames()).toContain('my-dot');
      expect(parseModels('my-dot,none')).toEqual(['none', 'my-dot']);
    } finally {
      unregister();
    }
    expect(modelNames()).not.toContain('my-dot');
  });
});
