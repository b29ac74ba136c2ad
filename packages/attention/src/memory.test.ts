import { appendMemory, collectTensors, disposeTree, gatherRows } from '@heed/core';
import { expectNoLeaks, expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  buildAttention,
  describeConfig,
  randomInputs,
  VARIANT_CONFIGS,
  withOptions,
} from '../test/variants';

const SIZES = { b: 2, S: 5, T: 3 };

describe('tensor ownership', () => {
  for (const config of VARIANT_CONFIGS) {
    it(`${describeConfig(config)}: prepare and attend allocate exactly what they return`, async () => {
      const attention = buildAttention(withOptions(config, { dropout: 0.3 }));
      const inputs = randomInputs(config, SIZES, 3);
      const mask = tf.tensor2d([
        [1, 1, 1, 1, 1],
        [1, 1, 0, 0, 0],
      ]);
      await expectNoLeaks(() => {
        const before = tf.memory().numTensors;
        const memory = attention.prepare(inputs.keys, inputs.values, mask);
        expect(tf.memory().numTensors - before).toBe(collectTensors(memory).length);
        for (const training of [false, true]) {
          const beforeAttend = tf.memory().numTensors;
          const result = attention.attend(inputs.query, memory, { training, causal: training });
          expect(tf.memory().numTensors - beforeAttend).toBe(collectTensors(result).length);
          disposeTree(result);
        }
        disposeTree(memory);
      });
      // The caller's tensors survive disposing the memory.
      expect(inputs.keys.isDisposed || inputs.values.isDisposed || mask.isDisposed).toBe(false);
      tf.dispose([inputs.query, inputs.keys, inputs.values, mask]);
      attention.dispose();
    });
  }

  it('a memory reordered with gatherRows (beam search) attends like the reordered inputs', () => {
    for (const config of VARIANT_CONFIGS) {
      const attention = buildAttention(config);
      tf.tidy(() => {
        const inputs = randomInputs(config, SIZES, 5);
        const lengths = tf.tensor1d([5, 3], 'int32');
        const rows = tf.tensor1d([1, 1, 0], 'int32');
        const memory = gatherRows(
          attention.prepare(inputs.keys, inputs.values, undefined, lengths),
          rows,
        );
        const query = tf.gather(inputs.query, rows) as tf.Tensor3D;
        const direct = attention.prepare(
          tf.gather(inputs.keys, rows) as tf.Tensor3D,
          tf.gather(inputs.values, rows) as tf.Tensor3D,
          undefined,
          tf.gather(lengths, rows) as tf.Tensor1D,
        );
        const a = attention.attend(query, memory);
        const b = attention.attend(query, direct);
        expectTensorsClose(a.context, b.context, { atol: 1e-6 });
        expectTensorsClose(a.weights, b.weights, { atol: 1e-6 });
      });
      attention.dispose();
    }
  });

  it('a memory grown with appendMemory (incremental self-attention) attends like one prepared whole', () => {
    for (const config of VARIANT_CONFIGS) {
      const attention = buildAttention(config);
      tf.tidy(() => {
        const inputs = randomInputs(config, SIZES, 9);
        const part = (x: tf.Tensor3D, begin: number, size: number) =>
          tf.slice(x, [0, begin, 0], [-1, size, -1]) as tf.Tensor3D;
        const grown = appendMemory(
          attention.prepare(part(inputs.keys, 0, 3), part(inputs.values, 0, 3)),
          attention.prepare(part(inputs.keys, 3, 2), part(inputs.values, 3, 2)),
        );
        const whole = attention.prepare(inputs.keys, inputs.values);
        const a = attention.attend(inputs.query, grown, { causal: true });
        const b = attention.attend(inputs.query, whole, { causal: true });
        expectTensorsClose(a.context, b.context, { atol: 1e-6 });
        expectTensorsClose(a.weights, b.weights, { atol: 1e-6 });
      });
      attention.dispose();
    }
  });
});
