import { type RawLine, readLines } from '@heed/data/node';
import { NmtError } from '../errors';

/** A line of input with its 1-based number. */
export interface NumberedLine {
  line: number;
  text: string;
  /** Invalid characters replaced by U+FFFD (only with `replaceInvalid`). */
  replaced?: number;
}

/** Options of `lineBatches`. */
export interface LineBatchesOptions {
  /** Names the input in error messages (`stdin:3: …`). Defaults to `stdin` or the file's path. */
  where?: string;
  /** Replace invalid UTF-8 and control characters by U+FFFD (counted) instead of failing. Defaults to false. */
  replaceInvalid?: boolean;
}

/**
 * Reads `input` (a file path, or a byte stream such as stdin) line by line
 * under `@heed/data`'s text policy and yields the lines that have arrived, in
 * order, as soon as the consumer asks: one line at a time when typed
 * interactively, up to `maxBatch` lines at a time when piped — so output
 * streams back line by line and a long pipe is still decoded in batches.
 * A line that is not valid UTF-8 or holds a control character throws an
 * `NmtError` naming `where:line` when its turn comes.
 */
export async function* lineBatches(
  input: string | AsyncIterable<Uint8Array | string>,
  maxBatch: number,
  options: LineBatchesOptions = {},
): AsyncGenerator<NumberedLine[]> {
  const where = options.where ?? (typeof input === 'string' ? input : 'stdin');
  const source = typeof input === 'string' ? input : (input as AsyncIterable<Uint8Array>);
  const lines = readLines(source, { replaceInvalid: options.replaceInvalid ?? false });
  const queue: RawLine[] = [];
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  let resume: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  // Reads ahead in the background, at most 4 batches.
  void (async () => {
    try {
      for await (const line of lines) {
        queue.push(line);
        notify();
        if (queue.length >= maxBatch * 4) {
          await new Promise<void>((resolve) => {
            resume = resolve;
          });
        }
      }
    } catch (error) {
      failure = error;
    } finally {
      ended = true;
      notify();
    }
  })();
  try {
    while (true) {
      if (queue.length === 0 && !ended) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        // Let lines already buffered by the stream arrive before cutting a batch.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (queue.length === 0 && failure) throw failure;
      if (queue.length === 0 && ended) return;
      const taken = queue.splice(0, maxBatch);
      resume?.();
      resume = undefined;
      const bad = taken.findIndex((line) => 'problem' in line);
      const batch = (bad < 0 ? taken : taken.slice(0, bad)) as NumberedLine[];
      if (batch.length > 0) yield batch;
      if (bad >= 0) {
        const line = taken[bad] as Extract<RawLine, { problem: string }>;
        throw new NmtError(
          `${where}:${line.line}: ${line.detail}${line.problem === 'line-too-long' ? '' : ' (pass --replace-invalid to replace such characters by U+FFFD)'}`,
        );
      }
    }
  } finally {
    // Stops reading once the read in flight settles; the caller closes a stream it owns.
    resume?.();
    void lines.return(undefined);
  }
}
