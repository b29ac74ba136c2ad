import { describe, expect, it } from 'vitest';
import type { TrainingBatch } from './batch';
import { batchesFrom } from './data-order';

const batches: TrainingBatch[] = Array.from({ length: 5 }, (_, i) => ({
  source: [[4 + i]],
  target: [[4 + i, 2]],
}));
const ids = (placed: { batch: TrainingBatch }) => (placed.batch.source as number[][])[0]?.[0];

function take<T>(iterator: Iterator<T>, n: number): T[] {
  return Array.from({ length: n }, () => iterator.next().value as T);
}

describe('data order', () => {
  it('shuffles every epoch differently, the same way for the same seed', () => {
    const first = take(batchesFrom(batches, { epoch: 0, batch: 0 }, 7, true), 10);
    const again = take(batchesFrom(batches, { epoch: 0, batch: 0 }, 7, true), 10);
    expect(first.map(ids)).toEqual(again.map(ids));
    const epoch0 = first.slice(0, 5).map(ids);
    const epoch1 = first.slice(5).map(ids);
    expect([...epoch0].sort()).toEqual([4, 5, 6, 7, 8]);
    expect([...epoch1].sort()).toEqual([4, 5, 6, 7, 8]);
    expect(epoch0).not.toEqual(epoch1);
    expect(first.map((p) => [p.epoch, p.index])[6]).toEqual([1, 1]);
  });

  it('starts from a saved position exactly where a full pass would be', () => {
    const full = take(batchesFrom(batches, { epoch: 0, batch: 0 }, 3, true), 12);
    const resumed = take(batchesFrom(batches, { epoch: 1, batch: 2 }, 3, true), 5);
    expect(resumed.map(ids)).toEqual(full.slice(7).map(ids));
  });

  it('keeps a list in order without shuffling, and calls a function per epoch', () => {
    expect(take(batchesFrom(batches, { epoch: 0, batch: 3 }, 0, false), 3).map(ids)).toEqual([
      7, 8, 4,
    ]);
    const epochs: number[] = [];
    const generated = batchesFrom(
      (epoch) => {
        epochs.push(epoch);
        return batches.slice(0, 2);
      },
      { epoch: 2, batch: 1 },
      0,
      true,
    );
    expect(take(generated, 3).map((p) => [p.epoch, p.index])).toEqual([
      [2, 1],
      [3, 0],
      [3, 1],
    ]);
    expect(epochs).toEqual([2, 3]);
  });

  it('refuses an epoch without batches', () => {
    expect(() => batchesFrom([], { epoch: 0, batch: 0 }, 0, true).next()).toThrow(
      'Trainer: epoch 0 of the training data has no batches',
    );
  });
});
