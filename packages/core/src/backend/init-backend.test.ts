import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { HeedError } from '../errors';
import { initBackend } from '../node/init-backend';
import { expectNoLeaks } from '../testing';

// The native packages are not installed here, so `auto` must pass over them
// with a reason and land on wasm. The file ends on cpu, as tests expect.

const handlers = () =>
  process.listenerCount('uncaughtException') + process.listenerCount('unhandledRejection');
const handlersAtStart = handlers();

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('initBackend', () => {
  it('starts the threaded wasm build in Node with the threads asked for', async () => {
    const lines: string[] = [];
    const report = await initBackend('wasm', { threads: 2, log: (line) => lines.push(line) });
    expect(tf.getBackend()).toBe('wasm');
    // Emscripten's process-wide handlers are removed again.
    expect(handlers()).toBe(handlersAtStart);
    expect(report).toMatchObject({ name: 'wasm', skipped: [], threads: 2 });
    expect(report.reason).toMatch(/^threaded SIMD, 2 threads, tfjs-backend-wasm 4\./);
    expect(report.gradients).toBe('already registered');
    expect(lines).toEqual([`backend: wasm (${report.reason})`]);
    // Large enough for heed's GEMM path on the thread pool, 2-D and batched.
    const [a, b, c, d] = [
      [64, 128],
      [96, 128],
      [4, 256, 64],
      [4, 256, 80],
    ].map((s) => tf.ones(s));
    const product = tf.matMul(a as tf.Tensor, b as tf.Tensor, false, true);
    expect(new Set(await product.data())).toEqual(new Set([128]));
    const batched = tf.matMul(c as tf.Tensor, d as tf.Tensor, true, false);
    expect(batched.shape).toEqual([4, 64, 80]);
    expect(new Set(await batched.data())).toEqual(new Set([256]));
    tf.dispose([a, b, c, d, product, batched] as tf.Tensor[]);
  });

  it('auto passes over tfjs-node-gpu and tfjs-node when they are not installed', async () => {
    const lines: string[] = [];
    const report = await initBackend('auto', { threads: 4, log: (line) => lines.push(line) });
    expect(report.name).toBe('wasm');
    expect(report.skipped).toEqual([
      { name: 'tensorflow-gpu', why: 'not installed' },
      { name: 'tensorflow', why: 'not installed' },
    ]);
    // wasm was already running, with the threads it started with.
    expect(report.threads).toBe(2);
    expect(lines).toContain(
      'wasm: already running with 2 thread(s); threads=4 needs a new process',
    );
  });

  it('selects cpu by name, without a thread count', async () => {
    const report = await initBackend('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(report).toEqual({
      name: 'cpu',
      reason: 'pure JavaScript',
      skipped: [],
      gradients: 'already registered',
    });
  });

  it('says how to install a native backend asked for by name', async () => {
    await expect(initBackend('tensorflow')).rejects.toThrow(
      "initBackend: backend 'tensorflow' is unavailable (@tensorflow/tfjs-node: not installed). Install it with `npm i @tensorflow/tfjs-node`",
    );
    const error = await initBackend('tensorflow-gpu').catch((caught: unknown) => caught);
    expect(HeedError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('npm i @tensorflow/tfjs-node-gpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('validates its arguments in the house style', async () => {
    await expect(initBackend('gpu' as 'cpu')).rejects.toThrow(
      "initBackend: name must be one of 'auto', 'tensorflow-gpu', 'tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu'. Received: name='gpu'",
    );
    await expect(initBackend('wasm', { threads: 0 })).rejects.toThrow(
      'initBackend: threads must be a positive integer. Received: threads=0',
    );
    await expect(initBackend('wasm', { thread: 2 } as object)).rejects.toThrow(
      "initBackend: unknown option 'thread'",
    );
  });

  it('turns a wasm allocation beyond the 4 GiB heap into a HeedError', async () => {
    await initBackend('wasm');
    // Stock tfjs-backend-wasm would wrap this 4 GiB request to a few bytes and write past it.
    await expectNoLeaks(() => {
      expect(() => tf.zeros([2 ** 30 + 1])).toThrow(/^wasm backend: out of memory .*smaller batch/);
    });
    await tf.setBackend('cpu');
  });

  it("disposes the wasm backend without touching the process's handlers", () => {
    // tfjs-backend-wasm's own dispose would remove every handler the process had.
    tf.removeBackend('wasm');
    expect(handlers()).toBe(handlersAtStart);
  });
});
