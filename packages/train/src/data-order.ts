import { HeedError, Random } from '@heed/core';
import type { TrainingBatch } from './batch';

/**
 * Training data: a list of batches, whose order the trainer shuffles every
 * epoch (seeded by the trainer's seed and the epoch number), or a function
 * that yields epoch `e`'s batches — the same ones for the same `e`, so a
 * resumed run sees the same data order.
 */
export type TrainingData = readonly TrainingBatch[] | ((epoch: number) => Iterable<TrainingBatch>);

/** Where training is in its data: the next batch is batch `batch` of epoch `epoch` (both 0-based). */
export interface DataPosition {
  epoch: number;
  batch: number;
}

/** One batch with where it sits in the data order. */
export interface PlacedBatch {
  batch: TrainingBatch;
  epoch: number;
  /** Index within the epoch. */
  index: number;
}

/**
 * The batches from `position` on, epoch after epoch, without end. A list is
 * shuffled per epoch with `Random(seed).fork('epoch:<e>')` (when `shuffle`),
 * so the order depends only on the seed and the epoch, and skipping to a
 * position needs no other state.
 */
export function* batchesFrom(
  data: TrainingData,
  position: DataPosition,
  seed: number,
  shuffle: boolean,
): Generator<PlacedBatch, never> {
  for (let epoch = position.epoch; ; epoch++) {
    const first = epoch === position.epoch ? position.batch : 0;
    let index = 0;
    for (const batch of epochBatches(data, epoch, seed, shuffle)) {
      if (index >= first) yield { batch, epoch, index };
      index++;
    }
    if (index === 0)
      throw new HeedError(`Trainer: epoch ${epoch} of the training data has no batches`);
  }
}

/** The number of batches per epoch, when the data is a list. */
export function batchesPerEpoch(data: TrainingData): number | undefined {
  return typeof data === 'function' ? undefined : data.length;
}

function epochBatches(
  data: TrainingData,
  epoch: number,
  seed: number,
  shuffle: boolean,
): Iterable<TrainingBatch> {
  if (typeof data === 'function') return data(epoch);
  const order = data.map((_, i) => i);
  if (shuffle) new Random(seed).fork(`epoch:${epoch}`).shuffle(order);
  return order.map((i) => data[i] as TrainingBatch);
}
