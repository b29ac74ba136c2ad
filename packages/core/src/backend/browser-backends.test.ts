import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from './init-backend';

// The page's initBackend, run under Node: it may use only what is registered.
// Stand-ins registered under the browser backends' names show the order and
// the reasons `auto` reports.

afterAll(async () => {
  for (const name of ['webgpu', 'webgl']) {
    if (tf.findBackendFactory(name) !== null) tf.removeBackend(name);
  }
  await tf.setBackend('cpu');
});

describe("initBackend (a page's build)", () => {
  it('says which package a page must bundle for a backend that is not registered', async () => {
    await expect(initBackend('webgl')).rejects.toThrow(
      "initBackend: backend 'webgl' is unavailable (@tensorflow/tfjs-backend-webgl: not registered). Bundle it and import it before initBackend: import '@tensorflow/tfjs-backend-webgl';",
    );
    await expect(initBackend('tensorflow')).rejects.toThrow(
      /backend 'tensorflow' is unavailable \(@tensorflow\/tfjs-node: native TensorFlow needs Node\)/,
    );
  });

  it('auto takes the first registered backend that starts, webgpu → webgl → wasm → cpu', async () => {
    tf.registerBackend('webgpu', () => {
      throw new Error('no adapter');
    });
    tf.registerBackend('webgl', () => new MathBackendCPU());
    const lines: string[] = [];
    const report = await initBackend('auto', { log: (line) => lines.push(line) });
    expect(tf.getBackend()).toBe('webgl');
    expect(report).toEqual({
      name: 'webgl',
      reason: '@tensorflow/tfjs-backend-webgl',
      skipped: [{ name: 'webgpu', why: 'initialisation failed' }],
      gradients: 'already registered',
    });
    expect(lines).toEqual([
      'skipped webgpu: initialisation failed',
      'backend: webgl (@tensorflow/tfjs-backend-webgl)',
    ]);
  });

  it('auto falls through to cpu when nothing faster is registered', async () => {
    tf.removeBackend('webgpu');
    tf.removeBackend('webgl');
    const hadWasm = tf.findBackendFactory('wasm') !== null;
    const report = await initBackend('auto');
    expect(report.skipped.slice(0, 2)).toEqual([
      { name: 'webgpu', why: 'not registered' },
      { name: 'webgl', why: 'not registered' },
    ]);
    expect(report.name).toBe(hadWasm ? 'wasm' : 'cpu');
  });
});
