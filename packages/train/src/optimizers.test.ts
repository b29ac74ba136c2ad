import { expectNoLeaks, expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import fixtures from './__fixtures__/optimizers.json';
import { AdamOptimizer, AdamWOptimizer } from './adam-optimizer';
import { createOptimizer, type OptimizerConfig } from './create-optimizer';
import { SgdOptimizer } from './sgd-optimizer';

interface OptimizerCase {
  name: string;
  options: OptimizerConfig;
  shape: [number, number];
  initial: number[];
  gradients: number[][];
  params: number[][];
}

const cases = fixtures.cases as unknown as OptimizerCase[];

describe('optimizers against torch.optim', () => {
  for (const testCase of cases) {
    it(`${testCase.name} matches every step within 1e-6`, async () => {
      const variable = tf.variable(tf.tensor2d(testCase.initial, testCase.shape));
      const optimizer = createOptimizer(testCase.options);
      const step = (index: number) => {
        tf.tidy(() => {
          const gradient = tf.tensor2d(testCase.gradients[index] as number[], testCase.shape);
          optimizer.applyGradients([{ name: variable.name, tensor: gradient }]);
        });
        expectTensorsClose(variable, testCase.params[index] as number[], {
          atol: 1e-6,
          rtol: 1e-5,
        });
      };
      // The first step creates the slots; after it, a step leaves nothing behind.
      step(0);
      await expectNoLeaks(() => {
        for (let index = 1; index < testCase.gradients.length; index++) step(index);
      });
      optimizer.dispose();
      variable.dispose();
    });
  }
});

describe('optimizer state', () => {
  it('saves slots by variable name and restores them by name, continuing exactly', async () => {
    const run = async (split: boolean) => {
      const a = tf.variable(tf.tensor1d([1, -2, 3]));
      const b = tf.variable(tf.tensor2d([[0.5, 0.25]]));
      let optimizer: AdamWOptimizer = new AdamWOptimizer({ learningRate: 0.1, weightDecay: 0.05 });
      const step = (i: number) =>
        tf.tidy(() =>
          optimizer.applyGradients({
            [a.name]: tf.mul(tf.tensor1d([1, 2, -1]), i + 1),
            [b.name]: tf.tensor2d([[-i, 2]]),
          }),
        );
      for (let i = 0; i < 3; i++) step(i);
      if (split) {
        const weights = await optimizer.getWeights();
        expect(weights.map((w) => w.name)).toEqual([
          'iter',
          `${a.name}/m`,
          `${a.name}/v`,
          `${b.name}/m`,
          `${b.name}/v`,
        ]);
        const copies = weights.map(({ name, tensor }) => ({ name, tensor: tensor.clone() }));
        tf.dispose(weights[0]?.tensor);
        optimizer.dispose();
        optimizer = new AdamWOptimizer({ learningRate: 0.1, weightDecay: 0.05 });
        // Restored in a different order: slots are matched by name.
        await optimizer.setWeights([copies[0], ...copies.slice(1).reverse()] as typeof copies);
        tf.dispose(copies.map((c) => c.tensor));
        expect(optimizer.iterations).toBe(3);
      }
      for (let i = 3; i < 6; i++) step(i);
      const values = [...a.dataSync(), ...b.dataSync()];
      optimizer.dispose();
      tf.dispose([a, b]);
      return values;
    };
    expect(await run(true)).toEqual(await run(false));
  });

  it('rejects unknown or incomplete state', async () => {
    const optimizer = new AdamOptimizer();
    const iterations = tf.scalar(1, 'int32');
    const slot = tf.zeros([2]);
    await expect(
      optimizer.setWeights([
        { name: 'iter', tensor: iterations },
        { name: 'x/q', tensor: slot },
      ]),
    ).rejects.toThrow("HeedAdam: unknown optimizer state 'x/q'; expected <variable>/<m|v>");
    await expect(
      optimizer.setWeights([
        { name: 'iter', tensor: iterations },
        { name: 'x/m', tensor: slot },
      ]),
    ).rejects.toThrow("optimizer state for 'x' lacks v");
    tf.dispose([iterations, slot]);
  });

  it('validates options', () => {
    expect(() => new AdamOptimizer({ learningRate: -1 })).toThrow(
      'AdamOptimizer: learningRate must be a finite number ≥ 0. Received: learningRate=-1',
    );
    expect(() => new AdamWOptimizer({ weightDecay: Number.NaN })).toThrow(
      'AdamWOptimizer: weightDecay must be a finite number ≥ 0',
    );
    expect(() => new SgdOptimizer({ nesterov: true })).toThrow('nesterov needs momentum > 0');
    expect(() => createOptimizer({ type: 'adagrad' } as never)).toThrow(
      "createOptimizer: type must be one of 'adam', 'adamw', 'sgd'. Received: type='adagrad'",
    );
    expect(() => createOptimizer({ type: 'adam', momentum: 0.9 } as never)).toThrow(
      "AdamOptimizer: unknown option 'momentum'",
    );
  });

  it('works through tf.Optimizer.minimize', () => {
    const x = tf.variable(tf.scalar(3));
    const optimizer = new SgdOptimizer({ learningRate: 0.25 });
    for (let i = 0; i < 20; i++) optimizer.minimize(() => tf.square(x) as tf.Scalar);
    expect(Math.abs(x.dataSync()[0] ?? 1)).toBeLessThan(1e-5);
    x.dispose();
  });
});
