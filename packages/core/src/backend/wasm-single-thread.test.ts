import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../node/init-backend';
import { expectTensorsClose } from '../testing';

afterAll(async () => {
  vi.unstubAllGlobals();
  await tf.setBackend('cpu');
});

describe('initBackend without threads', () => {
  it('falls back to single-threaded SIMD and says why', async () => {
    const handlers = () =>
      process.listenerCount('uncaughtException') + process.listenerCount('unhandledRejection');
    const handlersBefore = handlers();
    vi.stubGlobal('SharedArrayBuffer', undefined);
    const lines: string[] = [];
    const report = await initBackend('wasm', { threads: 4, log: (line) => lines.push(line) });
    vi.unstubAllGlobals();
    expect(report.threads).toBe(1);
    expect(report.reason).toMatch(
      /^single-threaded SIMD \(threads unavailable: SharedArrayBuffer is not available\), tfjs-backend-wasm 4\./,
    );
    expect(lines[0]).toBe(
      'wasm: threads unavailable: SharedArrayBuffer is not available; falling back to single-threaded SIMD',
    );
    // The stock module's process handlers are removed, and disposing it leaves ours alone.
    expect(handlers()).toBe(handlersBefore);
  });

  it("runs heed's kernels on the single-threaded build", async () => {
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const ids = tf.tensor1d([1, 7, 1], 'int32');
    const sums = tf.unsortedSegmentSum(x, ids, 2);
    expectTensorsClose(sums, [
      [0, 0],
      [6, 8],
    ]);
    const product = tf.matMul(x, x, true, false);
    expectTensorsClose(product, [
      [35, 44],
      [44, 56],
    ]);
    tf.dispose([x, ids, sums, product]);
  });
});
