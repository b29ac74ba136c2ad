import { assertPositiveInteger, Random } from '@heed/core';
import { type BucketBatchOptions, cutBatches, resolveBatchOptions } from './bucket-batches';

export interface StreamBatchOptions<T> extends BucketBatchOptions {
  /** The length of an example, e.g. `(e) => Math.max(e.source.length, e.target.length)`. */
  length: (item: T) => number;
  /** Examples read ahead and bucketed together. Defaults to 16384. */
  poolSize?: number;
}

/**
 * Bucketed batches over a stream too large for memory: reads `poolSize`
 * examples at a time, cuts them into length-bucketed batches of at most
 * `maxTokens` tokens (as `bucketBatches`), and yields the batches of each
 * pool in a seeded order before reading the next. Reproducible from `seed`
 * and `epoch` for the same stream.
 */
export async function* streamBatches<T>(
  source: Iterable<T> | AsyncIterable<T>,
  options: StreamBatchOptions<T>,
): AsyncGenerator<T[]> {
  const { length, poolSize: pool, ...rest } = options;
  const resolved = resolveBatchOptions('streamBatches', rest);
  const poolSize = assertPositiveInteger('streamBatches', 'poolSize', pool ?? 16384);
  const random = new Random(resolved.seed).fork(`epoch:${resolved.epoch}`);
  let items: T[] = [];
  let poolIndex = 0;
  const flush = function* (): Generator<T[]> {
    const lengths = items.map(length);
    const { batches } = cutBatches(lengths, resolved, random.fork(`pool:${poolIndex++}`));
    for (const batch of batches) yield batch.indices.map((i) => items[i] as T);
  };
  for await (const item of source) {
    items.push(item);
    if (items.length === poolSize) {
      yield* flush();
      items = [];
    }
  }
  if (items.length > 0) yield* flush();
}
