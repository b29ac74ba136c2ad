import { describe, expect, it } from 'vitest';
import { MODEL_NAMES, parseModels } from './model-names';

describe('parseModels', () => {
  it('returns the names in the canonical order, once each', () => {
    expect(parseModels('transformer,none, additive,none')).toEqual([
      'none',
      'additive',
      'transformer',
    ]);
  });

  it('expands all and rnn', () => {
    expect(parseModels('all')).toEqual([...MODEL_NAMES]);
    expect(parseModels('rnn')).toEqual(MODEL_NAMES.filter((name) => name !== 'transformer'));
    expect(parseModels('rnn,transformer')).toEqual([...MODEL_NAMES]);
  });

  it('names the unknown model and lists the known ones', () => {
    expect(() => parseModels('additive,bahdanau')).toThrow(
      /--models: unknown model 'bahdanau'\. Known models: none, additive, dot, general, concat, local-m, local-p, multihead, transformer/,
    );
    expect(() => parseModels(' , ')).toThrow(/name at least one model/);
  });
});
