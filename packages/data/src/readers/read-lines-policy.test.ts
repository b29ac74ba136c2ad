import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorpusError } from '../errors';
import { controlCharacterProblem } from './control-characters';
import { type RawLine, readLines } from './read-lines';
import { readTsv } from './read-tsv';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'heed-lines-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function collect(lines: AsyncIterable<RawLine>): Promise<RawLine[]> {
  const all: RawLine[] = [];
  for await (const line of lines) all.push(line);
  return all;
}

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))),
  );

describe('the text input policy of readLines', () => {
  it('refuses control characters with the character, its name and its column', async () => {
    const file = join(root, 'nul.txt');
    await writeFile(file, bytes('fine\tline\n', 'a\u00e9b\u0000c\n', 'del\u007f\n'));
    expect(await collect(readLines(file))).toEqual([
      { line: 1, text: 'fine\tline' },
      {
        line: 2,
        problem: 'control-character',
        detail: 'control character U+0000 (NUL) at column 4',
      },
      {
        line: 3,
        problem: 'control-character',
        detail: 'control character U+007F (DEL) at column 4',
      },
    ]);
  });

  it('reads a byte stream (stdin) line by line with the same checks', async () => {
    const stream = Readable.from([bytes('one\ntw'), bytes('o\n', [0xff], '\n')]);
    expect(await collect(readLines(stream))).toEqual([
      { line: 1, text: 'one' },
      { line: 2, text: 'two' },
      { line: 3, problem: 'invalid-utf8', detail: 'invalid UTF-8 at byte 0 of the line' },
    ]);
  });

  it('replaces invalid UTF-8 and control characters by U+FFFD and counts them when asked', async () => {
    const stream = Readable.from([bytes('a', [0xc3], 'b\u0001c \ufffd\n', 'clean\n')]);
    expect(await collect(readLines(stream, { replaceInvalid: true }))).toEqual([
      { line: 1, text: 'a\ufffdb\ufffdc \ufffd', replaced: 2 },
      { line: 2, text: 'clean', replaced: 0 },
    ]);
  });

  it('makes a corpus reader name file:line for a control character', async () => {
    const file = join(root, 'pairs.tsv');
    await writeFile(file, 'Hi.\tHola.\nBye\u0000.\tAdiós.\n');
    const error = await collect(readTsv(file) as AsyncIterable<never>).catch((caught) => caught);
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as Error).message).toBe(
      'pairs.tsv:2: control character U+0000 (NUL) at column 4',
    );
  });

  it('names C1 controls and counts columns in code points', () => {
    expect(controlCharacterProblem('😀\u0085')).toBe(
      'control character U+0085 (C1 control) at column 2',
    );
    expect(controlCharacterProblem('tab\tis fine')).toBeUndefined();
  });
});
