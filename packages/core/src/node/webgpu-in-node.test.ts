import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useWebGpuInNode } from '../../../../tooling/webgpu-in-node';

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe("initBackend('webgpu') under Node", () => {
  it('runs tfjs-backend-webgpu on Dawn and reports the adapter', async () => {
    const report = await useWebGpuInNode();
    expect(report.name).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    expect(report.reason).toMatch(/^@tensorflow\/tfjs-backend-webgpu on adapter \S+/);
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const product = tf.matMul(a, a, false, true);
    expect(Array.from(await product.data())).toEqual([14, 32, 32, 77]);
    tf.dispose([a, product]);
  });

  it('keeps device data on the device: a synchronous read throws', async () => {
    await useWebGpuInNode();
    const x = tf.square(tf.tensor1d([1, 2, 3]));
    expect(() => x.dataSync()).toThrow();
    expect(Array.from(await x.data())).toEqual([1, 4, 9]);
    x.dispose();
  });
});
