import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectNoLeaks } from './expect-no-leaks';
import { expectTensorsClose } from './expect-tensors-close';

describe('expectTensorsClose', () => {
  it('passes on equal tensors, nested arrays and flat arrays within tolerance', () => {
    const actual = tf.tensor2d([
      [1, 2],
      [3, 4.000001],
    ]);
    const expected = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    expectTensorsClose(actual, expected);
    expected.dispose();
    expectTensorsClose(actual, [
      [1, 2],
      [3, 4],
    ]);
    expectTensorsClose(actual, [1, 2, 3, 4]);
    expectTensorsClose(actual, new Float32Array([1, 2, 3, 4]));
    expectTensorsClose(
      actual,
      [
        [1.1, 2],
        [3, 4],
      ],
      { atol: 0.11 },
    );
    expectTensorsClose(
      actual,
      [
        [1.1, 2],
        [3, 4],
      ],
      { atol: 0, rtol: 0.1 },
    );
    actual.dispose();
  });

  it('fails on a shape mismatch', () => {
    const actual = tf.tensor2d([[1, 2, 3]]);
    expect(() => expectTensorsClose(actual, [[1], [2], [3]])).toThrow(
      'expectTensorsClose: shape [1, 3] != expected [3, 1]',
    );
    expect(() => expectTensorsClose(actual, [1, 2])).toThrow(
      'expectTensorsClose: size 3 != expected 2',
    );
    actual.dispose();
  });

  it('fails on a dtype mismatch, given or implied by an expected tensor', () => {
    const ids = tf.tensor1d([1, 2], 'int32');
    const floats = tf.tensor1d([1, 2]);
    expect(() => expectTensorsClose(ids, floats)).toThrow(
      'expectTensorsClose: dtype int32 != expected float32',
    );
    expect(() => expectTensorsClose(floats, [1, 2], { dtype: 'int32' })).toThrow(
      'expectTensorsClose: dtype float32 != expected int32',
    );
    tf.dispose([ids, floats]);
  });

  it('fails on a value mismatch, naming the worst element', () => {
    const actual = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    expect(() =>
      expectTensorsClose(actual, [
        [1, 2.01],
        [3.5, 4],
      ]),
    ).toThrow('expectTensorsClose: element [1, 0] is 3, expected 3.5 (atol=0.00001, rtol=0)');
    expect(() =>
      expectTensorsClose(
        actual,
        [
          [1, 2],
          [3, 4.1],
        ],
        { atol: 0, rtol: 0.01 },
      ),
    ).toThrow(/element \[1, 1\] is 4, expected 4\.0999/);
    actual.dispose();
  });

  it('fails when NaN appears on one side only', () => {
    const actual = tf.tensor1d([1, Number.NaN]);
    expect(() => expectTensorsClose(actual, [1, 2])).toThrow(
      'expectTensorsClose: element [1] is NaN, expected 2',
    );
    const finite = tf.tensor1d([1, 2]);
    expect(() => expectTensorsClose(finite, [1, Number.NaN])).toThrow(/element \[1\] is 2/);
    tf.dispose([actual, finite]);
  });

  it('treats equal infinities and NaN where NaN is expected as equal', () => {
    const actual = tf.tensor1d([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NaN]);
    expectTensorsClose(actual, [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NaN]);
    expect(() =>
      expectTensorsClose(actual, [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NaN]),
    ).toThrow(/element \[0\] is -Infinity, expected Infinity/);
    expect(() =>
      expectTensorsClose(actual, [Number.NEGATIVE_INFINITY, 1e30, Number.NaN], { rtol: 0.1 }),
    ).toThrow(/element \[1\] is Infinity/);
    actual.dispose();
  });

  it('leaves no tensors behind, whether it passes or fails', async () => {
    const actual = tf.tensor1d([1, 2]);
    await expectNoLeaks(() => {
      expectTensorsClose(actual, [1, 2]);
      expect(() => expectTensorsClose(actual, [1, 3])).toThrow();
      expect(() => expectTensorsClose(actual, [[1, 2]])).toThrow();
    });
    actual.dispose();
  });
});
