import { createInterface } from 'node:readline';

/** A line of input with its 1-based number. */
export interface NumberedLine {
  line: number;
  text: string;
}

/**
 * Reads `input` line by line and yields the lines that have arrived, in
 * order, as soon as the consumer asks: one line at a time when typed
 * interactively, up to `maxBatch` lines at a time when piped — so output
 * streams back line by line and a long pipe is still decoded in batches.
 */
export async function* lineBatches(
  input: NodeJS.ReadableStream,
  maxBatch: number,
): AsyncGenerator<NumberedLine[]> {
  const reader = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
  const queue: NumberedLine[] = [];
  let count = 0;
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  reader.on('line', (text) => {
    count++;
    queue.push({ line: count, text });
    if (queue.length >= maxBatch * 4) reader.pause();
    notify();
  });
  reader.on('close', () => {
    ended = true;
    notify();
  });
  input.on('error', (error) => {
    failure = error;
    ended = true;
    notify();
  });
  try {
    while (true) {
      if (queue.length === 0 && !ended) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        // Let lines already buffered by the stream arrive before cutting a batch.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (failure) throw failure;
      if (queue.length === 0 && ended) return;
      const batch = queue.splice(0, maxBatch);
      reader.resume();
      yield batch;
    }
  } finally {
    reader.close();
  }
}
