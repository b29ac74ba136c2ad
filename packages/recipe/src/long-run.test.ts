import { describe, expect, it } from 'vitest';
import { modelSpec } from './create-model';
import { dropoutRate, encoderIsBidirectional, isLongRun } from './long-run';
import { resolveConfig } from './resolve-config';

const sizes = { sourceVocabSize: 20, targetVocabSize: 30 };

/** The encoder's directions and the dropout of the model `fields` build. */
function builtModel(fields: Record<string, unknown>) {
  const spec = modelSpec(resolveConfig({ embed: 4, hidden: 6 }, fields), sizes);
  const config = spec.config as { encoder: { bidirectional: boolean; dropout: number } };
  return { bidirectional: config.encoder.bidirectional, dropout: config.encoder.dropout };
}

describe('isLongRun', () => {
  it('is a time limit of an hour or more given alone', () => {
    expect(isLongRun({ time: 3600 })).toBe(true);
    expect(isLongRun({ time: 7200 })).toBe(true);
    expect(isLongRun({})).toBe(false);
    expect(isLongRun({ time: 3599 })).toBe(false);
    expect(isLongRun({ time: 3600, steps: 500 })).toBe(false);
    expect(isLongRun({ time: 3600, epochs: 2 })).toBe(false);
  });
});

describe('a long run of an RNN with additive attention', () => {
  it('gets a bidirectional encoder and dropout 0.3 unless the config sets them', () => {
    expect(builtModel({ time: 3600 })).toEqual({ bidirectional: true, dropout: 0.3 });
    expect(builtModel({ time: 3600, bidirectional: false, dropout: 0.2 })).toEqual({
      bidirectional: false,
      dropout: 0.2,
    });
    expect(builtModel({ time: 3600, dropout: 0 })).toEqual({ bidirectional: true, dropout: 0 });
  });

  it('keeps a unidirectional encoder and dropout 0.1 in a shorter or step-limited run', () => {
    for (const fields of [{}, { time: 1200 }, { time: 3600, steps: 100 }, { epochs: 3 }]) {
      expect(builtModel(fields)).toEqual({ bidirectional: false, dropout: 0.1 });
    }
  });

  it('leaves other attentions and the Transformer at the short run defaults', () => {
    // Dot attention needs keys as wide as the decoder: a bidirectional encoder would break it.
    const dot = resolveConfig({ time: 3600, attention: 'dot' });
    expect(encoderIsBidirectional(dot)).toBe(false);
    expect(dropoutRate(dot)).toBe(0.1);
    expect(builtModel({ time: 3600, attention: 'dot' })).toEqual({
      bidirectional: false,
      dropout: 0.1,
    });
    const transformer = resolveConfig({ time: 3600, arch: 'transformer' });
    expect(dropoutRate(transformer)).toBe(0.1);
    const built = modelSpec(transformer, sizes).config as { dropout: number };
    expect(built.dropout).toBe(0.1);
  });

  it('checks given values as before', () => {
    expect(() => resolveConfig({ dropout: 1 })).toThrow(/dropout/);
    expect(() => resolveConfig({ bidirectional: 'yes' })).toThrow(/bidirectional/);
  });
});
