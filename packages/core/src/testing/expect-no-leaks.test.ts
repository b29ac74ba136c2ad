import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectNoLeaks } from './expect-no-leaks';

describe('expectNoLeaks', () => {
  it('passes and returns the result when every tensor made is disposed', async () => {
    const sum = await expectNoLeaks(async () => {
      const total = tf.tidy(() => tf.sum(tf.mul(tf.ones([4]), 2)));
      const value = await total.array();
      total.dispose();
      return value;
    });
    expect(sum).toBe(8);
    expect(await expectNoLeaks(() => 'plain')).toBe('plain');
  });

  it('fails on a function that leaks, saying how many tensors', async () => {
    let leaked: tf.Tensor[] = [];
    await expect(
      expectNoLeaks(() => {
        leaked = [tf.ones([2]), tf.zeros([3])];
      }),
    ).rejects.toThrow(/^expectNoLeaks: 2 tensor\(s\) leaked \(\d+ before, \d+ after\)$/);
    tf.dispose(leaked);
  });

  it('fails on an async function that leaks after awaiting', async () => {
    let leaked: tf.Tensor | undefined;
    await expect(
      expectNoLeaks(async () => {
        await Promise.resolve();
        leaked = tf.scalar(1);
      }),
    ).rejects.toThrow('expectNoLeaks: 1 tensor(s) leaked');
    leaked?.dispose();
  });

  it('fails on a function that disposes a tensor it did not make', async () => {
    const outside = tf.scalar(1);
    await expect(expectNoLeaks(() => outside.dispose())).rejects.toThrow(
      'expectNoLeaks: -1 tensor(s) leaked',
    );
  });
});
