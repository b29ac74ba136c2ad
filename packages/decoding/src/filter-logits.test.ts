import { expectNoLeaks, expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { filterLogits } from './filter-logits';

describe('filterLogits', () => {
  const logits = tf.tensor2d([
    [Math.log(0.1), Math.log(0.5), Math.log(0.15), Math.log(0.25)],
    [0, 0, 0, 0],
  ]);

  it('keeps the topK best ids of each row, best first', async () => {
    await expectNoLeaks(() => {
      const { logits: kept, ids } = filterLogits(logits, { topK: 2 });
      tf.tidy(() => {
        expectTensorsClose(tf.slice(ids, [0, 0], [1, 2]), [[1, 3]]);
        expectTensorsClose(tf.slice(kept, [0, 0], [1, 2]), [[Math.log(0.5), Math.log(0.25)]], {
          atol: 1e-6,
        });
      });
      expect(kept.shape).toEqual([2, 2]);
      tf.dispose([kept, ids]);
    });
  });

  it('keeps the smallest set reaching topP, always the best id', async () => {
    await expectNoLeaks(() => {
      const nucleus = filterLogits(logits, { topP: 0.7 });
      const values = nucleus.logits.arraySync() as number[][];
      // Row 0: 0.5 + 0.25 ≥ 0.7 → ids 1, 3 kept; 0.15 and 0.1 dropped.
      expect(values[0]?.map(Number.isFinite)).toEqual([true, true, false, false]);
      // Row 1: uniform, 0.25 · 3 ≥ 0.7 → three kept.
      expect(values[1]?.filter(Number.isFinite).length).toBe(3);
      const tiny = filterLogits(logits, { topP: 0.01 });
      const first = tiny.logits.arraySync() as number[][];
      expect(first[0]?.filter(Number.isFinite).length).toBe(1);
      tf.dispose([nucleus, tiny]);
    });
  });

  it('applies topP after topK, renormalised over the kept ids', () => {
    // Top-2 of row 0 renormalised: 0.5/0.75 = 0.667 < 0.7, so both stay.
    const both = filterLogits(logits, { topK: 2, topP: 0.7 });
    expect((both.logits.arraySync() as number[][])[0]?.every(Number.isFinite)).toBe(true);
    // With topP 0.6 the first id alone reaches it.
    const one = filterLogits(logits, { topK: 2, topP: 0.6 });
    expect((one.logits.arraySync() as number[][])[0]?.filter(Number.isFinite).length).toBe(1);
    tf.dispose([both, one]);
  });
});
