import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { lineBatches } from './line-batches';

async function collect(iterable: AsyncIterable<{ line: number; text: string }[]>) {
  const batches = [];
  for await (const batch of iterable) batches.push(batch);
  return batches;
}

describe('lineBatches', () => {
  it('batches what has arrived, numbering lines, up to maxBatch', async () => {
    const batches = await collect(lineBatches(Readable.from(['a\nb\r\nc\n', 'd\n', 'e']), 2));
    expect(batches.flat()).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
      { line: 3, text: 'c' },
      { line: 4, text: 'd' },
      { line: 5, text: 'e' },
    ]);
    for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(2);
  });

  it('yields a typed line before the input ends', async () => {
    const input = new PassThrough();
    const iterator = lineBatches(input, 8)[Symbol.asyncIterator]();
    input.write('first\n');
    expect((await iterator.next()).value).toEqual([{ line: 1, text: 'first' }]);
    input.end('second\n');
    expect((await iterator.next()).value).toEqual([{ line: 2, text: 'second' }]);
    expect((await iterator.next()).done).toBe(true);
  });
});
