import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CorpusError } from '../errors';
import { CONTROL_CHARACTER, controlCharacterProblem } from './control-characters';

/** One line of a file: its text, or why it has none. */
export type RawLine =
  | {
      line: number;
      text: string;
      /** Characters replaced by U+FFFD (only with `replaceInvalid`). */
      replaced?: number;
    }
  | {
      line: number;
      problem: 'invalid-utf8' | 'control-character' | 'line-too-long';
      detail: string;
    };

export interface ReadLinesOptions {
  /** Longest line accepted, in bytes of UTF-8. Defaults to 1 MiB. */
  maxLineBytes?: number;
  /**
   * Replace each invalid UTF-8 sequence and control character by U+FFFD and
   * count them in the line's `replaced`, instead of returning the line as a
   * problem. Defaults to false.
   */
  replaceInvalid?: boolean;
}

const NEWLINE = 0x0a;
const DEFAULT_MAX_LINE_BYTES = 1 << 20;

/** Opens `path` as a byte stream, gunzipping `.gz` files. */
function open(path: string): Readable {
  const file = createReadStream(path);
  if (!path.endsWith('.gz')) return file;
  const gunzip = createGunzip();
  file.on('error', (error) => gunzip.destroy(error));
  return file.pipe(gunzip);
}

/**
 * Streams the lines of a plain or gzipped UTF-8 file (or of a byte stream
 * such as `process.stdin`) without holding more than one line (at most
 * `maxLineBytes`) in memory; each line comes as soon as its bytes arrive.
 * Strips a leading BOM and `\r` before `\n`. A line that is not valid
 * UTF-8, holds a control character (`CONTROL_CHARACTER`) or is too long
 * comes back as a problem instead of text (an over-long line is skipped
 * without being buffered), unless `replaceInvalid` asks for a counted
 * replacement. A final empty line after the last `\n` is not a line.
 */
export async function* readLines(
  source: string | AsyncIterable<Uint8Array>,
  options: ReadLinesOptions = {},
): AsyncGenerator<RawLine> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const replaceInvalid = options.replaceInvalid ?? false;
  const decoder = new TextDecoder('utf-8', { fatal: !replaceInvalid, ignoreBOM: true });
  const path = typeof source === 'string' ? source : 'stdin';
  const name = basename(path);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let lineNumber = 0;

  const finish = (): RawLine => {
    lineNumber++;
    if (tooLong) {
      const detail = `line longer than maxLineBytes=${maxLineBytes} bytes`;
      return { line: lineNumber, problem: 'line-too-long', detail };
    }
    let bytes =
      pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes);
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, -1);
    if (lineNumber === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      bytes = bytes.subarray(3);
    }
    try {
      const text = decoder.decode(bytes);
      if (replaceInvalid) {
        const controls = text.match(CONTROL_CHARACTER)?.length ?? 0;
        const replaced = controls + countInvalidSequences(text, bytes);
        return { line: lineNumber, text: text.replace(CONTROL_CHARACTER, '\ufffd'), replaced };
      }
      const problem = controlCharacterProblem(text);
      if (problem) return { line: lineNumber, problem: 'control-character', detail: problem };
      return { line: lineNumber, text };
    } catch {
      const offset = firstInvalidByte(bytes);
      return {
        line: lineNumber,
        problem: 'invalid-utf8',
        detail: `invalid UTF-8 at byte ${offset} of the line`,
      };
    }
  };
  const append = (bytes: Buffer) => {
    if (tooLong) return;
    if (pendingBytes + bytes.length > maxLineBytes) {
      tooLong = true;
      pending = [];
      pendingBytes = 0;
      return;
    }
    if (bytes.length > 0) {
      pending.push(bytes);
      pendingBytes += bytes.length;
    }
  };

  try {
    const chunks = typeof source === 'string' ? open(source) : source;
    for await (const bytes of chunks as AsyncIterable<Uint8Array>) {
      const chunk = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
      let start = 0;
      for (
        let end = chunk.indexOf(NEWLINE, start);
        end !== -1;
        end = chunk.indexOf(NEWLINE, start)
      ) {
        append(chunk.subarray(start, end));
        yield finish();
        pending = [];
        pendingBytes = 0;
        tooLong = false;
        start = end + 1;
      }
      append(chunk.subarray(start));
    }
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new CorpusError(
      {
        file: name,
        line: lineNumber + 1,
        problem: 'unreadable-file',
        detail: `cannot read ${path}: ${reason}`,
      },
      { cause: error },
    );
  }
  if (pendingBytes > 0 || tooLong) yield finish();
}

/** The U+FFFD a replacing decoder put in `text` for invalid sequences of `bytes` (not those `bytes` spelt out). */
function countInvalidSequences(text: string, bytes: Uint8Array): number {
  return (text.match(/\ufffd/g)?.length ?? 0) - countReplacementBytes(bytes);
}

/** U+FFFD characters encoded literally in `bytes` (EF BF BD). */
function countReplacementBytes(bytes: Uint8Array): number {
  let count = 0;
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) count++;
  }
  return count;
}

/** 0-based offset of the first byte of the first invalid UTF-8 sequence (for the message). */
function firstInvalidByte(bytes: Uint8Array): number {
  const decodes = (end: number, stream: boolean) => {
    try {
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, end), {
        stream,
      });
      return true;
    } catch {
      return false;
    }
  };
  // The longest prefix that decodes when an unfinished sequence at its end is allowed…
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (decodes(middle, true)) low = middle;
    else high = middle - 1;
  }
  if (decodes(low, false)) return low;
  // …ends in an unfinished sequence: the error starts at its lead byte.
  let start = low - 1;
  while (start > 0 && ((bytes[start] as number) & 0xc0) === 0x80) start--;
  return start;
}
