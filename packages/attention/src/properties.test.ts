import { disposeTree } from '@heed/core';
import { expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAttention, describeConfig, randomInputs, VARIANT_CONFIGS } from '../test/variants';
import type { AttentionConfig } from './config';

/** Random small problems: batch size, lengths (0 allowed), query length, a data seed. */
const problems = fc
  .record({
    b: fc.integer({ min: 1, max: 3 }),
    S: fc.integer({ min: 1, max: 6 }),
    T: fc.integer({ min: 1, max: 4 }),
    seed: fc.integer({ min: 0, max: 10_000 }),
  })
  .chain((sizes) =>
    fc.record({
      sizes: fc.constant(sizes),
      lengths: fc.array(fc.integer({ min: 0, max: sizes.S }), {
        minLength: sizes.b,
        maxLength: sizes.b,
      }),
      positions: fc.array(fc.integer({ min: 0, max: sizes.S + 2 }), {
        minLength: sizes.b * sizes.T,
        maxLength: sizes.b * sizes.T,
      }),
    }),
  );

const RUNS = { numRuns: 12, seed: 7 };

type Problem = {
  sizes: { b: number; S: number; T: number; seed: number };
  lengths: number[];
  positions: number[];
};

/** Runs `attend` on a random problem and returns its outputs as nested arrays. */
function run(config: AttentionConfig, problem: Problem) {
  const attention = buildAttention({ ...config, seed: problem.sizes.seed });
  const { b, T } = problem.sizes;
  const out = tf.tidy(() => {
    const inputs = randomInputs(config, problem.sizes, problem.sizes.seed);
    const memory = attention.prepare(
      inputs.keys,
      inputs.values,
      undefined,
      tf.tensor1d(problem.lengths, 'int32'),
    );
    const positions = tf.tensor2d(problem.positions, [b, T]);
    const result = attention.attend(inputs.query, memory, { positions });
    return {
      context: result.context.arraySync(),
      weights: result.weights.arraySync(),
      headWeights: result.headWeights?.arraySync(),
    };
  });
  attention.dispose();
  return out;
}

/** Whether position j of row r at step t may be attended, ignoring a predicted local-p window. */
function eligible(config: AttentionConfig, problem: Problem, r: number, t: number, j: number) {
  if (j >= (problem.lengths[r] ?? 0)) return false;
  if (config.type !== 'local-m') return true;
  const p = problem.positions[r * problem.sizes.T + t] ?? 0;
  return Math.abs(j - p) <= (config.window ?? 10);
}

const isGaussian = (config: AttentionConfig) =>
  (config.type === 'local-p' && config.gaussian !== false) ||
  (config.type === 'local-m' && config.gaussian === true);

describe('properties', () => {
  for (const config of VARIANT_CONFIGS) {
    describe(describeConfig(config), () => {
      it('puts exactly 0 on masked and out-of-window positions; weights sum to 1 over the rest', () => {
        fc.assert(
          fc.property(problems, (problem) => {
            const { weights, headWeights } = run(config, problem);
            weights.forEach((row, r) => {
              row.forEach((step, t) => {
                const open = step.filter((_, j) => eligible(config, problem, r, t, j));
                step.forEach((weight, j) => {
                  if (!eligible(config, problem, r, t, j)) expect(weight).toBe(0);
                  expect(weight).toBeGreaterThanOrEqual(0);
                });
                const total = step.reduce((a, w) => a + w, 0);
                if (config.type === 'none' || open.length === 0) expect(total).toBe(0);
                else if (config.type === 'local-p' && isGaussian(config)) {
                  expect(total).toBeLessThanOrEqual(1 + 1e-5);
                } else if (config.type === 'local-p') expect(total).toBeCloseTo(1, 5);
                else if (isGaussian(config)) {
                  expect(total).toBeLessThanOrEqual(1 + 1e-5);
                  expect(total).toBeGreaterThan(0);
                } else expect(total).toBeCloseTo(1, 5);
                if (config.type === 'local-p') {
                  const support = step.flatMap((w, j) => (w > 0 ? [j] : []));
                  if (support.length > 0) {
                    const span = Math.max(...support) - Math.min(...support);
                    expect(span).toBeLessThanOrEqual(2 * (config.window ?? 10));
                  }
                }
              });
            });
            headWeights?.forEach((row, r) => {
              for (const head of row) {
                for (const step of head) {
                  const total = step.reduce((a, w) => a + w, 0);
                  expect(total).toBeCloseTo((problem.lengths[r] ?? 0) > 0 ? 1 : 0, 5);
                }
              }
            });
          }),
          RUNS,
        );
      });

      it('gives a fully masked row zero context and no NaN', () => {
        fc.assert(
          fc.property(problems, (problem) => {
            const empty = { ...problem, lengths: problem.lengths.map(() => 0) };
            const { context, weights } = run(config, empty);
            for (const value of [context, weights].flat(3)) expect(value).toBe(0);
          }),
          { ...RUNS, numRuns: 4 },
        );
      });

      it('attends step by step on one prepared memory exactly as from scratch and as all at once', () => {
        fc.assert(
          fc.property(problems, (problem) => {
            const { b, T } = problem.sizes;
            const attention = buildAttention({ ...config, seed: problem.sizes.seed });
            tf.tidy(() => {
              const inputs = randomInputs(config, problem.sizes, problem.sizes.seed);
              const lengths = tf.tensor1d(problem.lengths, 'int32');
              const positions = tf.tensor2d(problem.positions, [b, T]);
              const memory = attention.prepare(inputs.keys, inputs.values, undefined, lengths);
              const all = attention.attend(inputs.query, memory, { positions });
              for (let t = 0; t < T; t++) {
                const query = tf.slice(inputs.query, [0, t, 0], [b, 1, -1]) as tf.Tensor3D;
                const position = tf.slice(positions, [0, t], [b, 1]) as tf.Tensor2D;
                const step = attention.attend(query, memory, { positions: position });
                const fresh = attention.prepare(inputs.keys, inputs.values, undefined, lengths);
                const scratch = attention.attend(query, fresh, { positions: position });
                expectTensorsClose(step.context, scratch.context, { atol: 0 });
                expectTensorsClose(step.weights, scratch.weights, { atol: 0 });
                expectTensorsClose(step.context, tf.slice(all.context, [0, t, 0], [b, 1, -1]), {
                  atol: 1e-5,
                });
                expectTensorsClose(step.weights, tf.slice(all.weights, [0, t, 0], [b, 1, -1]), {
                  atol: 1e-6,
                });
                disposeTree(fresh);
              }
            });
            attention.dispose();
          }),
          { ...RUNS, numRuns: 6 },
        );
      });
    });
  }
});
