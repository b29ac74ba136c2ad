import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { dataSourceFromConfig, describeDataSource, parseDataOption } from '../data/data-source';
import { loadPairs } from './load-pairs';
import { loadSplits } from './prepare-data';

const directory = mkdtempSync(join(tmpdir(), 'heed-recipe-data-'));

describe('parseDataOption', () => {
  it('reads built-in corpora and file paths', () => {
    expect(parseDataOption('builtin:dates')).toEqual({ kind: 'builtin', name: 'dates' });
    expect(parseDataOption('spa.txt')).toEqual({ kind: 'tsv', path: 'spa.txt' });
    expect(() => parseDataOption('builtin:klingon')).toThrow(
      "--data: unknown built-in corpus 'klingon'. Built-in corpora: builtin:dates, builtin:en-es-grammar, builtin:phrasebook",
    );
  });

  it('prefers Moses files and requires some data', () => {
    expect(dataSourceFromConfig({ src: 'a.de', tgt: 'a.en' })).toEqual({
      kind: 'moses',
      source: 'a.de',
      target: 'a.en',
    });
    expect(() => dataSourceFromConfig({})).toThrow(/^no training data/);
    expect(describeDataSource({ kind: 'moses', source: 'a.de', target: 'a.en' })).toBe(
      'a.de + a.en',
    );
  });
});

describe('loadPairs', () => {
  it('reads anki TSV files and Moses files (gzipped too), reversed on request', async () => {
    const tsv = join(directory, 'deu.txt');
    writeFileSync(tsv, 'Hi.\tHallo.\tCC-BY\nThanks.\tDanke.\n');
    expect(await loadPairs({ kind: 'tsv', path: tsv })).toEqual([
      { source: 'Hi.', target: 'Hallo.', attribution: 'CC-BY' },
      { source: 'Thanks.', target: 'Danke.' },
    ]);
    expect((await loadPairs({ kind: 'tsv', path: tsv }, { reverse: true }))[1]).toEqual({
      source: 'Danke.',
      target: 'Thanks.',
    });
    const source = join(directory, 'train.de.gz');
    const target = join(directory, 'train.en');
    writeFileSync(source, gzipSync('Ein Hund.\nZwei Katzen.\n'));
    writeFileSync(target, 'A dog.\nTwo cats.\n');
    expect(await loadPairs({ kind: 'moses', source, target }, { reverse: true })).toEqual([
      { source: 'A dog.', target: 'Ein Hund.' },
      { source: 'Two cats.', target: 'Zwei Katzen.' },
    ]);
  });

  it('names missing, unreadable and malformed files', async () => {
    await expect(loadPairs({ kind: 'tsv', path: join(directory, 'none.txt') })).rejects.toThrow(
      /none\.txt: cannot read \(no such file\)/,
    );
    await expect(loadPairs({ kind: 'tsv', path: directory })).rejects.toThrow(/not a regular file/);
    const bad = join(directory, 'bad.txt');
    writeFileSync(bad, 'Hi.\tHallo.\nno tab\n');
    await expect(loadPairs({ kind: 'tsv', path: bad })).rejects.toThrow(/bad\.txt:2: missing tab/);
    const empty = join(directory, 'empty.txt');
    writeFileSync(empty, '');
    await expect(loadPairs({ kind: 'tsv', path: empty })).rejects.toThrow(
      /holds no sentence pairs/,
    );
  });

  it('splits the same way every time, whatever the run seed', async () => {
    const config = { data: 'builtin:phrasebook', reverse: false, validShare: 0.1, testShare: 20 };
    const first = await loadSplits(config);
    const second = await loadSplits(config);
    expect(first.test).toHaveLength(20);
    expect(first.test).toEqual(second.test);
    expect(first.train.length + first.valid.length + first.test.length).toBe(
      (await loadPairs({ kind: 'builtin', name: 'phrasebook' })).length,
    );
  });
});
