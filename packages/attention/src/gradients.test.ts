import { checkGradients, checkParameterGradients } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAttention, describeConfig, randomInputs, VARIANT_CONFIGS } from '../test/variants';

const SIZES = { b: 2, S: 5, T: 3 };

describe('gradients by finite differences, through a padding mask', () => {
  let mask: tf.Tensor2D;
  beforeAll(() => {
    mask = tf.tensor2d([
      [1, 1, 1, 1, 1],
      [1, 1, 1, 0, 0],
    ]);
  });
  afterAll(() => mask.dispose());

  VARIANT_CONFIGS.forEach((config, index) => {
    it(describeConfig(config), () => {
      const attention = buildAttention({ ...config, seed: index });
      const inputs = randomInputs(config, SIZES, 10 * index);
      const contextDim = attention.contextDim;
      const contextProbe = tf.randomNormal([SIZES.b, SIZES.T, contextDim], 0, 1, 'float32', 1);
      const weightProbe = tf.randomNormal([SIZES.b, SIZES.T, SIZES.S], 0, 1, 'float32', 2);
      const loss = (query: tf.Tensor, keys: tf.Tensor, values: tf.Tensor): tf.Scalar => {
        const memory = attention.prepare(keys as tf.Tensor3D, values as tf.Tensor3D, mask);
        const { context, weights } = attention.attend(query as tf.Tensor3D, memory);
        return tf.add(tf.sum(tf.mul(context, contextProbe)), tf.sum(tf.mul(weights, weightProbe)));
      };
      // `none` ignores query and keys: only values reach its output.
      const fixed = config.type === 'none';
      const differentiate = (...varying: tf.Tensor[]): tf.Scalar =>
        fixed
          ? loss(inputs.query, inputs.keys, varying[0] as tf.Tensor)
          : loss(varying[0] as tf.Tensor, varying[1] as tf.Tensor, varying[2] as tf.Tensor);
      const varying = fixed ? [inputs.values] : [inputs.query, inputs.keys, inputs.values];
      const report = checkGradients(differentiate, varying);
      expect(report.checked).toBeGreaterThan(0);
      if (attention.parameterCount() > 0) {
        const parameterReport = checkParameterGradients(
          () => loss(inputs.query, inputs.keys, inputs.values),
          attention.trainableParameters(),
          { maxChecksPerInput: 6 },
        );
        expect(parameterReport.checked).toBeGreaterThan(0);
      }
      // Padded keys and values receive exactly zero gradient.
      const gradients = tf.grads(differentiate)(varying);
      const padded = tf.tidy(() =>
        tf.concat(
          gradients
            .slice(fixed ? 0 : 1)
            .map((gradient) => tf.reshape(tf.slice(gradient, [1, 3, 0], [1, 2, -1]), [-1])),
        ),
      );
      expect(padded.size).toBeGreaterThan(0);
      expect(Array.from(padded.dataSync()).every((value) => value === 0)).toBe(true);
      tf.dispose([padded, ...gradients]);
      tf.dispose([inputs.query, inputs.keys, inputs.values, contextProbe, weightProbe]);
      attention.dispose();
    });
  });
});
