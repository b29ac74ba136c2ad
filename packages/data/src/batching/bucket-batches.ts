import {
  assertBoolean,
  assertKnownKeys,
  assertNonNegativeInteger,
  assertOneOf,
  assertPositiveInteger,
  HeedError,
  Random,
} from '@heed/core';

export interface BucketBatchOptions {
  /**
   * Most tokens a batch may hold, padding included: examples × the longest
   * length in the batch. Required.
   */
  maxTokens: number;
  /** Most examples per batch. Defaults to no limit. */
  maxBatchSize?: number;
  /**
   * Lengths that fall in the same bucket (1…w, w+1…2w, …) are shuffled
   * together before batches are cut. Defaults to 1 (exact lengths).
   */
  bucketWidth?: number;
  /** Shuffle within buckets and shuffle the order of batches. Defaults to true. */
  shuffle?: boolean;
  /** Seed of the shuffles. Defaults to 0. */
  seed?: number;
  /** Epoch number: each epoch gets its own reproducible order. Defaults to 0. */
  epoch?: number;
  /** An example longer than `maxTokens` on its own: `'error'` (default) or `'skip'`. */
  oversized?: 'error' | 'skip';
}

/** One batch: which examples, and the padded length they share. */
export interface Batch {
  /** Indices into the examples passed in. */
  indices: number[];
  /** The longest example in the batch (the padded length T). */
  maxLength: number;
}

export interface BucketedBatches {
  batches: Batch[];
  /** Examples left out because they alone exceed `maxTokens` (with `oversized: 'skip'`). */
  oversized: number[];
}

const KNOWN = ['maxTokens', 'maxBatchSize', 'bucketWidth', 'shuffle', 'seed', 'epoch', 'oversized'];

/** Validates options; shared with `streamBatches`. */
export function resolveBatchOptions(
  owner: string,
  options: BucketBatchOptions,
  extra: readonly string[] = [],
) {
  assertKnownKeys(owner, options, [...KNOWN, ...extra]);
  return {
    maxTokens: assertPositiveInteger(owner, 'maxTokens', options.maxTokens),
    maxBatchSize:
      options.maxBatchSize === undefined
        ? Number.POSITIVE_INFINITY
        : assertPositiveInteger(owner, 'maxBatchSize', options.maxBatchSize),
    bucketWidth: assertPositiveInteger(owner, 'bucketWidth', options.bucketWidth ?? 1),
    shuffle: assertBoolean(owner, 'shuffle', options.shuffle ?? true),
    seed: options.seed ?? 0,
    epoch: assertNonNegativeInteger(owner, 'epoch', options.epoch ?? 0),
    oversized: assertOneOf(owner, 'oversized', options.oversized ?? 'error', ['error', 'skip']),
  };
}

type Resolved = ReturnType<typeof resolveBatchOptions>;

/** Cuts batches from lengths with already-resolved options and a generator. */
export function cutBatches(
  lengths: ArrayLike<number>,
  options: Resolved,
  random: Random,
): BucketedBatches {
  const order = Array.from({ length: lengths.length }, (_, i) => i);
  if (options.shuffle) random.shuffle(order);
  const bucket = (i: number) => Math.ceil((lengths[i] as number) / options.bucketWidth);
  order.sort((a, b) => bucket(a) - bucket(b)); // stable: shuffled order survives within a bucket

  const batches: Batch[] = [];
  const oversized: number[] = [];
  let current: number[] = [];
  let currentMax = 0;
  for (const index of order) {
    const length = Math.max(1, lengths[index] as number);
    if (length > options.maxTokens) {
      if (options.oversized === 'error') {
        throw new HeedError(
          `bucketBatches: example ${index} has length ${length}, more than maxTokens=${options.maxTokens}. Filter long pairs first or pass oversized: 'skip'`,
        );
      }
      oversized.push(index);
      continue;
    }
    const nextMax = Math.max(currentMax, length);
    if (
      current.length > 0 &&
      ((current.length + 1) * nextMax > options.maxTokens || current.length >= options.maxBatchSize)
    ) {
      batches.push({ indices: current, maxLength: currentMax });
      current = [];
      currentMax = 0;
    }
    current.push(index);
    currentMax = Math.max(currentMax, length);
  }
  if (current.length > 0) batches.push({ indices: current, maxLength: currentMax });
  if (options.shuffle) random.shuffle(batches);
  return { batches, oversized };
}

/**
 * Length-bucketed batches: examples of similar length go together so little
 * is wasted on padding, and every batch holds at most `maxTokens` tokens
 * (padding included). Within a bucket the examples are shuffled, and the
 * batches come in a shuffled order; both are reproducible from `seed` and
 * `epoch`.
 *
 * @param lengths The length of each example, e.g. max(source, target) tokens.
 *
 * ```ts
 * const lengths = encoded.map((e) => Math.max(e.source.length, e.target.length));
 * const { batches } = bucketBatches(lengths, { maxTokens: 4096, seed: 1, epoch });
 * for (const { indices, maxLength } of batches) { … }
 * ```
 */
export function bucketBatches(
  lengths: ArrayLike<number>,
  options: BucketBatchOptions,
): BucketedBatches {
  const resolved = resolveBatchOptions('bucketBatches', options);
  for (let i = 0; i < lengths.length; i++) {
    const length = lengths[i] as number;
    if (!Number.isInteger(length) || length < 0) {
      throw new HeedError(
        `bucketBatches: lengths must be non-negative integers. Received: lengths[${i}]=${length}`,
      );
    }
  }
  const random = new Random(resolved.seed).fork(`epoch:${resolved.epoch}`);
  return cutBatches(lengths, resolved, random);
}
