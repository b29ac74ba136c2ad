import { readFileSync } from 'node:fs';
import { expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import fixture from '../test/fixtures/torch-encoder.json';
import { RnnEncoder } from './encoder';
import { loadTorchStateDict, torchParameterPath } from './torch-state-dict';

const safetensors = new Uint8Array(
  readFileSync(new URL('../test/fixtures/torch-encoder.safetensors', import.meta.url)),
);

describe('loadTorchStateDict', () => {
  for (const fused of [true, false]) {
    it(`loads a torch encoder's safetensors state_dict and reproduces its outputs (${fused ? 'fused' : 'reference ops'})`, () => {
      const encoder = new RnnEncoder({
        ...fixture.config,
        cell: 'gru',
        bidirectional: true,
        fused,
      });
      const report = loadTorchStateDict(encoder, safetensors);
      expect(report).toEqual({ missing: [], extra: [] });
      const ids = tf.tensor2d(fixture.ids, undefined, 'int32');
      const result = encoder.encode(ids, fixture.lengths);
      expectTensorsClose(result.outputs, tf.tensor(fixture.outputs.values, fixture.outputs.shape), {
        atol: 1e-4,
      });
      const h = tf.tensor(fixture.h_n.values, fixture.h_n.shape); // [L·D, b, H]
      const states = tf.unstack(h);
      for (let layer = 0; layer < fixture.config.layers; layer++) {
        const expected = tf.concat([states[2 * layer]!, states[2 * layer + 1]!], 1);
        expectTensorsClose(result.hidden[layer]!, expected, { atol: 1e-4 });
      }
      tf.dispose([ids, h, ...states, result.outputs, ...result.hidden]);
      encoder.dispose();
    });
  }

  it('reports names that match nothing, and accepts explicit names', () => {
    const encoder = new RnnEncoder({ ...fixture.config, bidirectional: true });
    const table = tf.zeros([12, 5]);
    expect(() => loadTorchStateDict(encoder, new Map([['embed.weight', table]]))).toThrow(
      'extra: embed.weight',
    );
    const report = loadTorchStateDict(encoder, new Map([['embed.weight', table]]), {
      names: { 'embed.weight': 'embedding.table' },
      strict: false,
    });
    expect(report.extra).toEqual([]);
    expect(report.missing).toContain('rnn.weight_ih_l0');
    table.dispose();
    encoder.dispose();
  });
});

describe('torchParameterPath', () => {
  const paths = new Set(['embedding.table', 'rnn.weight_ih_l0', 'output.kernel', 'output.bias']);
  it('maps embeddings to tables, linears to transposed kernels, and PyTorch names to themselves', () => {
    expect(torchParameterPath('rnn.weight_ih_l0', paths)).toEqual({
      path: 'rnn.weight_ih_l0',
      transpose: false,
    });
    expect(torchParameterPath('embedding.weight', paths)).toEqual({
      path: 'embedding.table',
      transpose: false,
    });
    expect(torchParameterPath('output.weight', paths)).toEqual({
      path: 'output.kernel',
      transpose: true,
    });
    expect(torchParameterPath('output.bias', paths)).toEqual({
      path: 'output.bias',
      transpose: false,
    });
    expect(torchParameterPath('missing.weight', paths)).toBeUndefined();
  });
});
