import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeDecoding, translateOptions, withDecodingConfig } from './decoding-options';

describe('translateOptions', () => {
  it('decodes with beam 5 by default, widened to --nbest, and greedily with --beam 1', () => {
    expect(translateOptions({})).toEqual({ beam: 5 });
    expect(translateOptions({ nbest: 3 })).toEqual({ beam: 5, nbest: 3 });
    expect(translateOptions({ nbest: 8 })).toEqual({ beam: 8, nbest: 8 });
    expect(translateOptions({ beam: 1 })).toEqual({ beam: 1 });
    expect(describeDecoding(translateOptions({ beam: 1 }))).toEqual({ decoding: 'greedy' });
    expect(translateOptions({ sample: true })).toMatchObject({ beam: 1, sample: true });
    expect(translateOptions({ beam: 5, lengthPenalty: 1 })).toEqual({ beam: 5, lengthPenalty: 1 });
  });

  it('fills in sampling defaults and refuses contradictory flags', () => {
    expect(translateOptions({ sample: true, topP: 0.9 })).toMatchObject({
      sample: true,
      topK: 0,
      topP: 0.9,
      temperature: 1,
      seed: 0,
    });
    expect(() => translateOptions({ topK: 5 })).toThrow(
      '--top-k, --top-p and --temperature need --sample',
    );
    expect(() => translateOptions({ sample: true, beam: 4 })).toThrow(/exclude each other/);
    expect(() => translateOptions({ beam: 2, nbest: 3 })).toThrow(
      '--nbest (3) must be at most --beam (2)',
    );
    expect(() => translateOptions({ sample: true, topP: 1.5 })).toThrow(
      /--top-p must be in \(0, 1\]/,
    );
  });

  it('caps --beam, --nbest and --max-length unless --no-caps', () => {
    expect(() => translateOptions({ beam: 1_000_000 })).toThrow(
      '--beam must be at most 64; pass --no-caps to go beyond. Received: 1000000',
    );
    expect(() => translateOptions({ nbest: 65 })).toThrow('--beam must be at most 64');
    expect(() => translateOptions({ maxLength: 1e9 })).toThrow(
      '--max-length must be at most 1024; pass --no-caps to go beyond. Received: 1000000000',
    );
    expect(translateOptions({ beam: 64, maxLength: 1024 })).toEqual({ beam: 64, maxLength: 1024 });
    expect(translateOptions({ beam: 100, maxLength: 5000, caps: false })).toEqual({
      beam: 100,
      maxLength: 5000,
    });
  });
});

describe('beam search stopping flags', () => {
  it('pass --early-stopping and --refill/--no-refill to beam search and name them in the header', () => {
    const options = translateOptions({ beam: 4, earlyStopping: 'k-finished', refill: false });
    expect(options).toEqual({ beam: 4, earlyStopping: 'k-finished', refill: false });
    expect(describeDecoding(options)).toMatchObject({
      decoding: 'beam',
      earlyStopping: 'k-finished',
      refill: false,
    });
    expect(describeDecoding(translateOptions({ beam: 2 }))).toMatchObject({
      earlyStopping: 'bound',
      refill: true,
    });
    expect(translateOptions({ nbest: 2, earlyStopping: 'never' })).toEqual({
      beam: 5,
      nbest: 2,
      earlyStopping: 'never',
    });
  });

  it('pass --prune-margin to beam search and name it in the header', () => {
    const options = translateOptions({ beam: 5, pruneMargin: 1.5 });
    expect(options).toEqual({ beam: 5, pruneMargin: 1.5 });
    expect(describeDecoding(options)).toMatchObject({ decoding: 'beam', pruneMargin: 1.5 });
    expect(describeDecoding(translateOptions({ beam: 5 }))).not.toHaveProperty('pruneMargin');
  });

  it('refuses them without beam search', () => {
    expect(() => translateOptions({ beam: 1, earlyStopping: 'never' })).toThrow(
      '--early-stopping, --refill and --prune-margin apply to beam search; give --beam 2 or more (beam 1 decodes greedily)',
    );
    expect(() => translateOptions({ beam: 1, pruneMargin: 2 })).toThrow(
      /--prune-margin apply to beam search/,
    );
    expect(() => translateOptions({ sample: true, refill: false })).toThrow(
      /apply to beam search; give --beam 2 or more \(--sample draws samples\)/,
    );
  });
});

describe('withDecodingConfig', () => {
  const directory = mkdtempSync(join(tmpdir(), 'heed-decoding-config-'));
  const file = (name: string, content: unknown) => {
    const path = join(directory, name);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  it('reads the settings of a --config file, the flags winning', async () => {
    const config = file('beam.json', { beam: 5, earlyStopping: 'never', refill: false });
    expect(await withDecodingConfig({ config })).toMatchObject({
      beam: 5,
      earlyStopping: 'never',
      refill: false,
    });
    const flags = await withDecodingConfig({ config, earlyStopping: 'bound', beam: undefined });
    expect(translateOptions(flags)).toEqual({ beam: 5, earlyStopping: 'bound', refill: false });
    expect(await withDecodingConfig({ beam: 3 })).toEqual({ beam: 3 });
  });

  it('names the file and the field of a bad setting', async () => {
    const rule = file('rule.json', { earlyStopping: 'soon' });
    await expect(withDecodingConfig({ config: rule })).rejects.toThrow(
      `${rule}: earlyStopping must be one of 'bound', 'k-finished', 'never'. Received: earlyStopping='soon'`,
    );
    const refill = file('refill.json', { refill: 'no' });
    await expect(withDecodingConfig({ config: refill })).rejects.toThrow(
      `${refill}: refill must be a boolean. Received: refill='no'`,
    );
    const beam = file('beam-zero.json', { beam: 0 });
    await expect(withDecodingConfig({ config: beam })).rejects.toThrow(
      `${beam}: beam must be a positive integer. Received: beam=0`,
    );
    const margin = file('margin.json', { pruneMargin: -2 });
    await expect(withDecodingConfig({ config: margin })).rejects.toThrow(
      `${margin}: pruneMargin must be a positive number. Received: pruneMargin=-2`,
    );
    const unknown = file('unknown.json', { early_stopping: 'never' });
    await expect(withDecodingConfig({ config: unknown })).rejects.toThrow(
      `${unknown}: unknown field 'early_stopping'. Known fields: beam, nbest, lengthPenalty, earlyStopping, refill, pruneMargin, maxLength, batchSize`,
    );
  });
});
