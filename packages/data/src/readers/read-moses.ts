import { basename } from 'node:path';
import { assertKnownKeys } from '@heed/core';
import type { SentencePair } from '../types';
import { PairReader, type ReaderOptions } from './pair-reader';
import { type RawLine, readLines } from './read-lines';

const KNOWN = ['strict', 'maxLineBytes', 'onSkip'];

/**
 * Streams a Moses-style parallel corpus: two line-aligned files (plain, or
 * gzipped when the name ends in `.gz`), line i of `sourcePath` translating
 * to line i of `targetPath`. Lines are trimmed.
 *
 * A line that is empty, not valid UTF-8 or longer than `maxLineBytes` in
 * either file makes the pair malformed; files of different lengths are a
 * `line-count-mismatch`. Strict mode throws a `CorpusError` naming the file
 * and line; skip mode drops the pair (or the unmatched tail) and counts it
 * in `reader.report`.
 *
 * ```ts
 * for await (const { source, target } of readMoses('train.de.gz', 'train.en.gz')) { … }
 * ```
 */
export function readMoses(
  sourcePath: string,
  targetPath: string,
  options: ReaderOptions = {},
): PairReader {
  assertKnownKeys('readMoses', options, KNOWN);
  const lineOptions =
    options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes };
  const files = [basename(sourcePath), basename(targetPath)] as const;
  return new PairReader(options, async function* (handle) {
    const sources = readLines(sourcePath, lineOptions);
    const targets = readLines(targetPath, lineOptions);
    try {
      while (true) {
        const [source, target] = await Promise.all([sources.next(), targets.next()]);
        if (source.done && target.done) return;
        if (source.done || target.done) {
          const [shorter, longer] = source.done ? [files[0], files[1]] : [files[1], files[0]];
          const rest = source.done ? targets : sources;
          const first = (source.done ? target.value : source.value) as RawLine;
          let extra = 1;
          while (!(await rest.next()).done) extra++;
          const ended = first.line - 1;
          handle(
            {
              file: shorter,
              line: first.line,
              problem: 'line-count-mismatch',
              detail: `${shorter} ends after ${ended} lines but ${longer} has ${ended + extra}`,
            },
            extra,
          );
          return;
        }
        const sides = [source.value, target.value] as const;
        let text: [string, string] | null = ['', ''];
        for (const side of [0, 1] as const) {
          const raw = sides[side];
          if (!('text' in raw)) {
            handle({ file: files[side], line: raw.line, problem: raw.problem, detail: raw.detail });
            text = null;
            break;
          }
          const trimmed = raw.text.trim();
          if (trimmed === '') {
            handle({
              file: files[side],
              line: raw.line,
              problem: 'empty-field',
              detail: 'empty line',
            });
            text = null;
            break;
          }
          text[side] = trimmed;
        }
        if (text) yield { source: text[0], target: text[1] } satisfies SentencePair;
      }
    } finally {
      await Promise.all([sources.return(undefined), targets.return(undefined)]);
    }
  });
}
