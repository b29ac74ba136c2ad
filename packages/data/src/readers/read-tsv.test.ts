import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CorpusError, type CorpusIssue } from '../errors';
import { readTsv } from './read-tsv';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../test/fixtures/${name}`, import.meta.url));

describe('readTsv', () => {
  it('reads pairs with and without attribution, stripping BOM, CR and surrounding spaces', async () => {
    const reader = readTsv(fixture('good.tsv'));
    const pairs = await reader.toArray();
    expect(pairs).toHaveLength(4);
    expect(pairs[0]).toEqual({
      source: 'Go.',
      target: 'Ve.',
      attribution:
        'CC-BY 2.0 (France) Attribution: tatoeba.org #2877272 (CM) & #6682462 (Fieldfaring)',
    });
    expect(pairs[1]).toEqual({ source: 'Hi.', target: 'Hola.' });
    expect(pairs[2]).toEqual({
      source: 'Where is the station?',
      target: '¿Dónde está la estación?',
    });
    expect(pairs[3]?.source).toBe('Run!');
    expect(pairs[3]?.target).toBe('¡Corre!');
    expect(reader.report.toString()).toBe('read 4 pairs, skipped 0');
  });

  it('reverse makes the second column the source', async () => {
    const [first] = await readTsv(fixture('good.tsv'), { reverse: true }).toArray();
    expect(first).toMatchObject({ source: 'Ve.', target: 'Go.' });
  });

  it('strict mode throws at the first malformed line', async () => {
    const error = await readTsv(fixture('malformed.tsv'))
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as CorpusError).message).toBe('malformed.tsv:2: blank line');
    expect((error as CorpusError).line).toBe(2);
    expect((error as CorpusError).problem).toBe('empty-line');
  });

  it('skip mode reads the good lines and reports every malformed one with file, line and problem', async () => {
    const issues: CorpusIssue[] = [];
    const reader = readTsv(fixture('malformed.tsv'), {
      strict: false,
      maxLineBytes: 200,
      onSkip: (issue) => issues.push(issue),
    });
    const pairs = await reader.toArray();
    expect(pairs.map((p) => p.target)).toEqual(['Buenos días.', 'Gracias.', 'Adiós.']);
    expect(issues.map((i) => [i.line, i.problem])).toEqual([
      [2, 'empty-line'],
      [3, 'missing-tab'],
      [4, 'too-many-fields'],
      [5, 'empty-field'],
      [6, 'invalid-utf8'],
      [7, 'line-too-long'],
      [9, 'invalid-utf8'],
    ]);
    expect(issues.every((i) => i.file === 'malformed.tsv')).toBe(true);
    expect(issues[5]?.detail).toBe('line longer than maxLineBytes=200 bytes');
    expect(issues[4]?.detail).toBe('invalid UTF-8 at byte 9 of the line');
    expect(reader.report.pairs).toBe(3);
    expect(reader.report.skipped).toBe(7);
    expect(reader.report.reasons).toEqual({
      'empty-line': 1,
      'missing-tab': 1,
      'too-many-fields': 1,
      'empty-field': 1,
      'invalid-utf8': 2,
      'line-too-long': 1,
    });
    expect(reader.report.toString()).toBe(
      'read 3 pairs, skipped 7 (empty-line: 1, missing-tab: 1, too-many-fields: 1, empty-field: 1, invalid-utf8: 2, line-too-long: 1)',
    );
  });

  it('names a file it cannot open', async () => {
    const error = await readTsv(fixture('missing.tsv'))
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as CorpusError).problem).toBe('unreadable-file');
    expect((error as CorpusError).message).toMatch(/^missing\.tsv:1: cannot read .*ENOENT/);
  });

  it('rejects unknown options', () => {
    expect(() => readTsv(fixture('good.tsv'), { strcit: false } as object)).toThrow(
      /unknown option 'strcit'/,
    );
  });
});
