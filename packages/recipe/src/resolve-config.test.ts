import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration';
import { readConfigFile } from './node/config-file';
import { attentionOf, CONFIG_KEYS, camelCase, DEFAULT_CONFIG, flagName } from './recipe-config';
import { resolveConfig } from './resolve-config';

describe('resolveConfig', () => {
  it('fills in every default', () => {
    const config = resolveConfig({});
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(attentionOf(config)).toBe('additive');
    expect(attentionOf({ ...config, arch: 'transformer' })).toBe('multihead');
  });

  it('lets later layers win and ignores undefined fields', () => {
    const file = { hidden: 64, embed: 32, cell: 'lstm' };
    const flags = { hidden: 96, embed: undefined };
    const config = resolveConfig(file, flags);
    expect(config.hidden).toBe(96);
    expect(config.embed).toBe(32);
    expect(config.cell).toBe('lstm');
  });

  it('rejects unknown fields, wrong types and bad combinations in one line', () => {
    expect(() => resolveConfig({ hiden: 3 })).toThrow(
      /config: unknown field 'hiden'\. Known fields: data, src/,
    );
    expect(() => resolveConfig({ hidden: -1 })).toThrow(
      'config: hidden must be a positive integer. Received: hidden=-1',
    );
    expect(() => resolveConfig({ dropout: 2 })).toThrow(/dropout must be a number in \[0, 0\.99\]/);
    expect(() => resolveConfig({ cell: 'rnn' })).toThrow(/cell must be one of 'gru', 'lstm'/);
    expect(() => resolveConfig({ validShare: 1.5 })).toThrow(
      /validShare \(--valid-share\) must be a fraction/,
    );
    expect(() => resolveConfig({ src: 'a.de' })).toThrow(
      'config: --src and --tgt go together; give both or neither',
    );
    expect(() => resolveConfig({ data: 'builtin:dates', src: 'a', tgt: 'b' })).toThrow(
      /either --data or --src/,
    );
    expect(() => resolveConfig({ arch: 'transformer', hidden: 30, heads: 4 })).toThrow(
      /divisible by heads/,
    );
  });

  it('accepts any registered attention type and names the known ones otherwise', () => {
    expect(resolveConfig({ attention: 'local-p' }).attention).toBe('local-p');
    expect(() => resolveConfig({ attention: 'psychic' })).toThrow(
      /^unknown attention type 'psychic'\. Known types: additive, dot, scaled-dot, general, concat, local-m, local-p, multihead, none/,
    );
  });

  it("reads --attention-option texts by the final type's schema, over a config file's object", () => {
    const config = resolveConfig(
      { attention: 'local-p', attentionOptions: { score: 'additive', units: 8 } },
      { attentionOptions: ['units=6', 'normalize=true'] },
    );
    expect(config.attentionOptions).toEqual({ score: 'additive', units: 6, normalize: true });
    // The type may come from a later layer than the options.
    expect(
      resolveConfig({ attentionOptions: ['useBias=false'] }, { attention: 'concat' })
        .attentionOptions,
    ).toEqual({ useBias: false });
    expect(resolveConfig({}).attentionOptions).toEqual({});
  });

  it('names an option the type does not have, or a value its schema refuses', () => {
    expect(() => resolveConfig({ attention: 'dot', attentionOptions: ['units=3'] })).toThrow(
      "--attention-option (dot): unknown option 'units'. Known options: scale, dropout",
    );
    expect(() => resolveConfig({ attentionOptions: ['units=-1'] })).toThrow(
      '--attention-option (additive): units must be a positive integer. Received: units=-1',
    );
    expect(() =>
      resolveConfig({ attention: 'general', attentionOptions: { scale: 'yes' } }),
    ).toThrow("config: attentionOptions (general): scale must be a boolean. Received: scale='yes'");
    expect(() => resolveConfig({ attentionOptions: { seed: 3 } })).toThrow(
      "config: attentionOptions must not set 'seed'",
    );
  });
});

describe('readConfigFile', () => {
  const directory = mkdtempSync(join(tmpdir(), 'heed-recipe-config-'));

  it('reads config fields and refuses unknown ones, bad JSON and missing files', async () => {
    const good = join(directory, 'good.json');
    writeFileSync(good, JSON.stringify({ arch: 'transformer', batchTokens: 1024 }));
    expect(await readConfigFile(good)).toEqual({ arch: 'transformer', batchTokens: 1024 });
    const unknown = join(directory, 'unknown.json');
    writeFileSync(unknown, JSON.stringify({ batch_tokens: 1 }));
    await expect(readConfigFile(unknown)).rejects.toThrow(
      /unknown\.json: unknown field 'batch_tokens'/,
    );
    const broken = join(directory, 'broken.json');
    writeFileSync(broken, '{ "arch": ');
    await expect(readConfigFile(broken)).rejects.toThrow(/broken\.json: not valid JSON/);
    const list = join(directory, 'list.json');
    writeFileSync(list, '[1]');
    await expect(readConfigFile(list)).rejects.toThrow(/must hold a JSON object/);
    await expect(readConfigFile(join(directory, 'none.json'))).rejects.toThrow(
      /none\.json: cannot read the config file \(no such file\)/,
    );
  });
});

describe('flag names', () => {
  it('maps every config field to a flag and back', () => {
    for (const key of CONFIG_KEYS) expect(camelCase(flagName(key))).toBe(key);
    expect(flagName('batchTokens')).toBe('--batch-tokens');
  });
});

describe('parseDuration', () => {
  it('reads seconds, minutes and hours', () => {
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('2.5m')).toBe(150);
    expect(parseDuration('1h')).toBe(3600);
    expect(() => parseDuration('soon')).toThrow(/a duration must be a positive number/);
    expect(() => parseDuration('0')).toThrow(/positive/);
  });
});
