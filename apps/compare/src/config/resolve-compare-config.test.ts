import { DEFAULT_CONFIG, dropoutRate, encoderIsBidirectional } from '@heed/recipe';
import { describe, expect, it } from 'vitest';
import { modelConfig } from '../models/model-config';
import { COMPARE_DEFAULTS } from './compare-config';
import { PRESETS } from './presets';
import { resolveCompareConfig } from './resolve-compare-config';

describe('resolveCompareConfig', () => {
  it('layers defaults, the preset and the flags', () => {
    const config = resolveCompareConfig('full', { hidden: 96, seed: 7 });
    expect(config.hidden).toBe(96);
    expect(config.seed).toBe(7);
    expect(config.steps).toBe(PRESETS.full.settings.steps);
    expect(config.data).toBe('builtin:en-es-grammar');
    expect(config.cell).toBe(DEFAULT_CONFIG.cell);
    expect(config.beam).toBe(COMPARE_DEFAULTS.beam);
  });

  it('lets a budget flag replace the preset budget', () => {
    const config = resolveCompareConfig('quick', { time: 90 });
    expect(config.time).toBe(90);
    expect(config.steps).toBeUndefined();
  });

  it("keeps every model's encoder and dropout whatever the budget (heed-nmt's long run changes both)", () => {
    const config = resolveCompareConfig('quick', { time: 7200 });
    expect(config.bidirectional).toBe(false);
    expect(config.dropout).toBe(PRESETS.quick.settings.dropout);
    const model = modelConfig('additive', config, config.heads);
    expect(encoderIsBidirectional(model)).toBe(false);
    expect(dropoutRate(model)).toBe(PRESETS.quick.settings.dropout);
  });

  it('lets --src/--tgt replace the preset data', () => {
    const config = resolveCompareConfig('quick', { src: 'a.de', tgt: 'a.en' });
    expect(config.data).toBeUndefined();
    expect([config.src, config.tgt]).toEqual(['a.de', 'a.en']);
  });

  it('requires a budget without a preset', () => {
    expect(() => resolveCompareConfig(undefined, { data: 'builtin:dates' })).toThrow(
      /--steps <n> or --time <duration>/,
    );
  });

  it('rejects bad values with the field named', () => {
    expect(() => resolveCompareConfig('quick', { buckets: [10, 10] })).toThrow(
      /config: buckets must be increasing positive integers/,
    );
    expect(() => resolveCompareConfig('quick', { transformerDim: 30, heads: 4 })).toThrow(
      /transformerDim \(30\) must be divisible by heads \(4\)/,
    );
    expect(() => resolveCompareConfig('quick', { transformerLr: 0 })).toThrow(
      /config: transformerLr must be a positive number/,
    );
    expect(() => resolveCompareConfig('quick', { beam: 0 })).toThrow(
      /config: beam must be a positive integer\. Received: beam=0/,
    );
    // Shared fields are checked by heed-nmt's rules.
    expect(() => resolveCompareConfig('quick', { dropout: 2 })).toThrow(/dropout/);
    expect(() =>
      resolveCompareConfig('quick', { wrong: 1 } as unknown as Record<string, never>),
    ).toThrow(/unknown option 'wrong'/);
  });

  it('gives every RNN the shared settings and the Transformer its own size and learning rate', () => {
    const config = resolveCompareConfig('quick', { lr: 0.01, transformerLr: 0.002 });
    const rnn = modelConfig('local-p', config, 48);
    expect(rnn).toMatchObject({
      arch: 'rnn',
      attention: 'local-p',
      lr: 0.01,
      hidden: config.hidden,
    });
    const transformer = modelConfig('transformer', config, 48);
    expect(transformer).toMatchObject({
      arch: 'transformer',
      attention: 'multihead',
      hidden: 48,
      feedForward: 192,
      layers: config.transformerLayers,
      lr: 0.002,
    });
    expect(modelConfig('transformer', { ...config, transformerLr: undefined }, 48).lr).toBe(0.01);
  });
});
