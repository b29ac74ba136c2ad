import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { collectTensors, disposeTree, gatherRows, mapTensors, tidyTree } from './tensor-tree';
import { expectNoLeaks, expectTensorsClose } from './testing';

/** A decoder-state-like tree: arrays, records, and non-tensor leaves. */
function makeState() {
  return {
    hidden: [
      tf.tensor2d([
        [1, 1],
        [2, 2],
        [3, 3],
      ]),
      tf.tensor2d([[10], [20], [30]]),
    ],
    memory: { keys: tf.tensor3d([[[1]], [[2]], [[3]]]), step: 4, kind: 'gru', done: false },
    lengths: tf.tensor1d([5, 6, 7], 'int32'),
    missing: undefined,
  };
}

describe('tensor trees', () => {
  it('gatherRows picks, repeats and reorders batch rows of every tensor, keeping the rest', () => {
    const state = makeState();
    const indices = tf.tensor1d([2, 0, 0], 'int32');
    const picked = gatherRows(state, indices);
    expectTensorsClose(picked.hidden[0] as tf.Tensor, [
      [3, 3],
      [1, 1],
      [1, 1],
    ]);
    expectTensorsClose(picked.hidden[1] as tf.Tensor, [[30], [10], [10]]);
    expectTensorsClose(picked.memory.keys, [[[3]], [[1]], [[1]]]);
    expectTensorsClose(picked.lengths, [7, 5, 5], { dtype: 'int32' });
    expect(picked.memory).toMatchObject({ step: 4, kind: 'gru', done: false });
    expect(picked.missing).toBeUndefined();
    // The input is untouched and the output shares no tensor with it.
    expect(collectTensors(state).every((t) => !t.isDisposed)).toBe(true);
    const inputs = new Set(collectTensors(state));
    expect(collectTensors(picked).some((t) => inputs.has(t))).toBe(false);
    disposeTree([state, picked, indices]);
  });

  it('gatherRows can shrink the batch (beam search dropping finished rows)', () => {
    const state = makeState();
    const indices = tf.tensor1d([1], 'int32');
    const picked = gatherRows(state, indices);
    expect((picked.hidden[0] as tf.Tensor).shape).toEqual([1, 2]);
    expect(picked.memory.keys.shape).toEqual([1, 1, 1]);
    disposeTree([state, picked, indices]);
  });

  it('gatherRows makes exactly the tensors it returns', async () => {
    const state = makeState();
    const indices = tf.tensor1d([0, 1], 'int32');
    await expectNoLeaks(() => disposeTree(gatherRows(state, indices)));
    disposeTree([state, indices]);
  });

  it('mapTensors keeps the structure and collectTensors walks it depth first', () => {
    const state = makeState();
    const doubled = mapTensors(state, (t) => tf.mul(t, 2));
    expect(collectTensors(doubled).map((t) => t.shape)).toEqual([[3, 2], [3, 1], [3, 1, 1], [3]]);
    expectTensorsClose(doubled.memory.keys, [[[2]], [[4]], [[6]]]);
    expect(mapTensors(7, (t) => t)).toBe(7);
    disposeTree([state, doubled]);
  });

  it('disposeTree disposes every tensor once, even when shared', async () => {
    await expectNoLeaks(() => {
      const shared = tf.scalar(1);
      disposeTree({ a: shared, b: [shared, tf.ones([2])], c: { d: 3 } });
      expect(shared.isDisposed).toBe(true);
    });
  });

  it('tidyTree keeps every tensor of the returned tree and disposes the rest', async () => {
    await expectNoLeaks(() => {
      const result = tidyTree(() => {
        const scratch = tf.ones([3]);
        return { sum: tf.sum(scratch), parts: [tf.mul(scratch, 2)], step: 1 };
      });
      expect(collectTensors(result).every((t) => !t.isDisposed)).toBe(true);
      expect(result.step).toBe(1);
      disposeTree(result);
    });
  });
});
