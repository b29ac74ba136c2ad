import { bucketBatches, type SentencePair } from '@heed/data';
import type { TokenizerPair } from '@heed/models';
import type { TrainingBatch } from '@heed/train';

/** Sentences as token ids, each ending in EOS (no BOS: the trainer and decoders add it). */
export interface EncodedPairs {
  source: number[][];
  target: number[][];
}

/** Encodes both sides of `pairs`, each sentence followed by EOS. */
export function encodePairs(
  pairs: readonly SentencePair[],
  tokenizers: TokenizerPair,
): EncodedPairs {
  return {
    source: pairs.map((pair) => tokenizers.source.encode(pair.source, { addEos: true })),
    target: pairs.map((pair) => tokenizers.target.encode(pair.target, { addEos: true })),
  };
}

/** Options of `makeBatches`. */
export interface MakeBatchesOptions {
  /** Most tokens per batch, padding included (examples × longest side). */
  batchTokens: number;
  /** Shuffle within length buckets and the order of batches. Defaults to true. */
  shuffle?: boolean;
  /** Defaults to 0. */
  seed?: number;
  /** Each epoch gets its own reproducible order. Defaults to 0. */
  epoch?: number;
  /** Reference texts (one per pair) for BLEU, carried into each batch. */
  references?: readonly string[];
}

/**
 * Cuts length-bucketed batches (`@heed/data`'s `bucketBatches`) of at most
 * `batchTokens` tokens. A pair longer than `batchTokens` on its own is left out.
 */
export function makeBatches(encoded: EncodedPairs, options: MakeBatchesOptions): TrainingBatch[] {
  const lengths = encoded.source.map((source, i) =>
    Math.max(source.length, encoded.target[i]?.length ?? 0),
  );
  const { batches } = bucketBatches(lengths, {
    maxTokens: options.batchTokens,
    shuffle: options.shuffle ?? true,
    seed: options.seed ?? 0,
    epoch: options.epoch ?? 0,
    oversized: 'skip',
  });
  return batches.map(({ indices }) => ({
    source: indices.map((i) => encoded.source[i] as number[]),
    target: indices.map((i) => encoded.target[i] as number[]),
    ...(options.references
      ? { references: indices.map((i) => options.references?.[i] as string) }
      : {}),
  }));
}
