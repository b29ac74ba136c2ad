import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CorpusError } from '../errors';
import { readMoses } from './read-moses';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../test/fixtures/${name}`, import.meta.url));
const EXPECTED = [
  { source: 'Ein Hund läuft.', target: 'A dog runs.' },
  { source: 'Zwei Männer lesen.', target: 'Two men read.' },
  { source: 'Eine Frau singt.', target: 'A woman sings.' },
];

describe('readMoses', () => {
  it('reads two line-aligned plain files', async () => {
    expect(await readMoses(fixture('good.de'), fixture('good.en')).toArray()).toEqual(EXPECTED);
  });

  it('reads gzipped files, and mixes gzipped with plain', async () => {
    expect(await readMoses(fixture('good.de.gz'), fixture('good.en.gz')).toArray()).toEqual(
      EXPECTED,
    );
    expect(await readMoses(fixture('good.de.gz'), fixture('good.en')).toArray()).toEqual(EXPECTED);
  });

  it('strict mode names both files when the line counts differ', async () => {
    const reader = readMoses(fixture('good.de'), fixture('short.en'));
    const seen: string[] = [];
    const error = await (async () => {
      for await (const pair of reader) seen.push(pair.target);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['A dog runs.']);
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as CorpusError).message).toBe(
      'short.en:2: short.en ends after 1 lines but good.de has 3',
    );
    expect((error as CorpusError).problem).toBe('line-count-mismatch');
  });

  it('skip mode counts the unmatched tail', async () => {
    const reader = readMoses(fixture('short.en'), fixture('good.de'), { strict: false });
    expect(await reader.toArray()).toEqual([{ source: 'A dog runs.', target: 'Ein Hund läuft.' }]);
    expect(reader.report.reasons).toEqual({ 'line-count-mismatch': 2 });
  });

  it('skips pairs with invalid UTF-8, an empty side or an over-long line, naming the file', async () => {
    const reader = readMoses(fixture('malformed.de'), fixture('malformed.en'), {
      strict: false,
      maxLineBytes: 200,
    });
    expect(await reader.toArray()).toEqual([
      { source: 'Ein Hund.', target: 'A dog.' },
      { source: 'Ende.', target: 'End.' },
    ]);
    expect(reader.report.examples.map((i) => `${i.file}:${i.line}:${i.problem}`)).toEqual([
      'malformed.de:2:invalid-utf8',
      'malformed.en:3:empty-field',
      'malformed.de:4:line-too-long',
    ]);
  });

  it('strict mode stops at invalid UTF-8', async () => {
    await expect(
      readMoses(fixture('malformed.de'), fixture('malformed.en')).toArray(),
    ).rejects.toThrow('malformed.de:2: invalid UTF-8 at byte 7 of the line');
  });

  it('reports a .gz file that is not gzip', async () => {
    await expect(readMoses(fixture('good.de'), fixture('corrupt.en.gz')).toArray()).rejects.toThrow(
      /^corrupt\.en\.gz:1: cannot read .*incorrect header check/,
    );
  });
});
