import { basename } from 'node:path';
import { assertKnownKeys } from '@heed/core';
import type { SentencePair } from '../types';
import { PairReader, type ReaderOptions } from './pair-reader';
import { readLines } from './read-lines';

/** A pair from an anki/Tatoeba file, with the attribution column when present. */
export interface TsvPair extends SentencePair {
  attribution?: string;
}

export interface TsvOptions extends ReaderOptions {
  /** Translate the second column into the first instead of the first into the second. Defaults to false. */
  reverse?: boolean;
}

const KNOWN = ['strict', 'maxLineBytes', 'onSkip', 'reverse'];

/**
 * Streams an anki/Tatoeba (manythings.org) file: one pair per line,
 * `english<TAB>other` with an optional third `<TAB>attribution` column.
 * Fields are trimmed. By default English is the source.
 *
 * Malformed lines (blank, no tab, more than three fields, an empty side,
 * invalid UTF-8, longer than `maxLineBytes`) throw a `CorpusError` naming
 * file and line, or, with `strict: false`, are skipped and counted in
 * `reader.report`.
 *
 * ```ts
 * const reader = readTsv('spa.txt', { strict: false });
 * for await (const { source, target } of reader) { … }
 * console.log(reader.report.toString()); // read 141370 pairs, skipped 2 (missing-tab: 2)
 * ```
 */
export function readTsv(path: string, options: TsvOptions = {}): PairReader<TsvPair> {
  assertKnownKeys('readTsv', options, KNOWN);
  const file = basename(path);
  return new PairReader<TsvPair>(options, async function* (handle) {
    const lines = readLines(
      path,
      options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes },
    );
    for await (const raw of lines) {
      if (!('text' in raw)) {
        handle({ file, line: raw.line, problem: raw.problem, detail: raw.detail });
        continue;
      }
      const { line, text } = raw;
      if (text.trim() === '') {
        handle({ file, line, problem: 'empty-line', detail: 'blank line' });
        continue;
      }
      const fields = text.split('\t');
      if (fields.length < 2) {
        handle({
          file,
          line,
          problem: 'missing-tab',
          detail: "missing tab: expected 'english<TAB>other[<TAB>attribution]'",
        });
        continue;
      }
      if (fields.length > 3) {
        handle({
          file,
          line,
          problem: 'too-many-fields',
          detail: `expected 2 or 3 tab-separated fields, found ${fields.length}`,
        });
        continue;
      }
      const first = (fields[0] as string).trim();
      const second = (fields[1] as string).trim();
      if (first === '' || second === '') {
        handle({
          file,
          line,
          problem: 'empty-field',
          detail: `empty ${first === '' ? 'first' : 'second'} field`,
        });
        continue;
      }
      const pair: TsvPair = options.reverse
        ? { source: second, target: first }
        : { source: first, target: second };
      const attribution = fields[2]?.trim();
      if (attribution) pair.attribution = attribution;
      yield pair;
    }
  });
}
