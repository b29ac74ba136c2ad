import { checkGradients, expectNoLeaks, expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import fixtures from '../test/fixtures/sampled-softmax.json';
import { LogUniformSampler } from './log-uniform-sampler';
import { maskedCrossEntropy } from './masked-cross-entropy';
import { sampledSoftmaxLoss } from './sampled-softmax-loss';

const reference = fixtures.loss;

function fixtureTensors() {
  return {
    hidden: tf.tensor3d(reference.hidden),
    targets: tf.tensor2d(reference.targets, undefined, 'int32'),
    projection: { kernel: tf.tensor2d(reference.kernel), bias: tf.tensor1d(reference.bias) },
    trueExpectedCounts: tf.tensor2d(reference.trueExpectedCounts),
    sampledExpectedCounts: tf.tensor1d(reference.sampledExpectedCounts),
  };
}

describe('sampledSoftmaxLoss', () => {
  it("matches a NumPy transcription of TensorFlow's equations with fixed samples", async () => {
    const { hidden, targets, projection, trueExpectedCounts, sampledExpectedCounts } =
      fixtureTensors();
    const fixed = { sampledIds: reference.sampledIds, sampledExpectedCounts, trueExpectedCounts };
    await expectNoLeaks(() => {
      const mean = sampledSoftmaxLoss(hidden, targets, projection, fixed);
      const sum = sampledSoftmaxLoss(hidden, targets, projection, { ...fixed, reduction: 'sum' });
      const perSequence = sampledSoftmaxLoss(hidden, targets, projection, {
        ...fixed,
        reduction: 'per-sequence',
      });
      const none = sampledSoftmaxLoss(hidden, targets, projection, { ...fixed, reduction: 'none' });
      expectTensorsClose(mean.loss, reference.mean, { atol: 1e-4, rtol: 1e-5 });
      expectTensorsClose(sum.loss, reference.sum, { atol: 1e-4, rtol: 1e-5 });
      expectTensorsClose(perSequence.loss, reference.perSequence, { atol: 1e-4, rtol: 1e-5 });
      expectTensorsClose(none.loss, reference.none, { atol: 1e-4, rtol: 1e-5 });
      expectTensorsClose(mean.tokenCount, 6);
      tf.dispose([mean, sum, perSequence, none]);
    });
    tf.dispose([hidden, targets, projection, trueExpectedCounts, sampledExpectedCounts]);
  });

  it('accepts [N, H] hidden with [N] targets; none gives one loss per row', () => {
    const { hidden, targets, projection, trueExpectedCounts, sampledExpectedCounts } =
      fixtureTensors();
    const H = hidden.shape[2];
    const flatHidden = tf.reshape(hidden, [-1, H]) as tf.Tensor2D;
    const flatTargets = tf.reshape(targets, [-1]) as tf.Tensor1D;
    const options = { sampledIds: reference.sampledIds, sampledExpectedCounts, trueExpectedCounts };
    const sum = sampledSoftmaxLoss(flatHidden, flatTargets, projection, {
      ...options,
      reduction: 'sum',
    });
    const none = sampledSoftmaxLoss(flatHidden, flatTargets, projection, {
      ...options,
      reduction: 'none',
    });
    expectTensorsClose(sum.loss, reference.sum, { atol: 1e-4, rtol: 1e-5 });
    expect(none.loss.shape).toEqual([flatTargets.size]);
    expectTensorsClose(none.loss, reference.none.flat(), { atol: 1e-4, rtol: 1e-5 });
    tf.dispose([hidden, targets, projection, trueExpectedCounts, sampledExpectedCounts]);
    tf.dispose([flatHidden, flatTargets, sum, none]);
  });

  it('ignores PAD targets: zero loss and gradient, any expected count there (0 included)', () => {
    const { hidden, targets, projection, trueExpectedCounts, sampledExpectedCounts } =
      fixtureTensors();
    const isPad = tf.equal(targets, 0);
    const zeroAtPad = tf.where(isPad, tf.zerosLike(trueExpectedCounts), trueExpectedCounts);
    const lossWith = (counts: tf.Tensor) =>
      sampledSoftmaxLoss(hidden, targets, projection, {
        sampledIds: reference.sampledIds,
        sampledExpectedCounts,
        trueExpectedCounts: counts,
        reduction: 'none',
      }).loss;
    const plain = lossWith(trueExpectedCounts);
    const zeroed = lossWith(zeroAtPad);
    expectTensorsClose(zeroed, plain, { atol: 0 });
    expectTensorsClose(zeroed, reference.none, { atol: 1e-4, rtol: 1e-5 });
    const gradient = tf.grad((h: tf.Tensor) =>
      tf.sum(
        sampledSoftmaxLoss(h as tf.Tensor3D, targets, projection, {
          sampledIds: reference.sampledIds,
          sampledExpectedCounts,
          trueExpectedCounts: zeroAtPad,
        }).loss,
      ),
    )(hidden);
    const values = gradient.arraySync() as number[][][];
    expect(values.flat(2).every(Number.isFinite)).toBe(true);
    (reference.targets as number[][]).forEach((row, i) => {
      row.forEach((target, t) => {
        if (target === 0) expect(values[i]?.[t]?.every((g) => g === 0)).toBe(true);
      });
    });
    tf.dispose([hidden, targets, projection, trueExpectedCounts, sampledExpectedCounts]);
    tf.dispose([isPad, zeroAtPad, plain, zeroed, gradient]);
  });

  it('removes accidental hits (a candidate equal to the target)', () => {
    const { hidden, targets, projection, trueExpectedCounts, sampledExpectedCounts } =
      fixtureTensors();
    const run = (removeAccidentalHits: boolean) =>
      tf.tidy(() => {
        const { loss } = sampledSoftmaxLoss(hidden, targets, projection, {
          sampledIds: reference.sampledIds,
          sampledExpectedCounts,
          trueExpectedCounts,
          reduction: 'per-sequence',
          removeAccidentalHits,
        });
        return loss.arraySync() as number[];
      });
    const removed = run(true);
    const kept = run(false);
    // Row 0 has a target among the candidates: keeping the hit raises its loss.
    expect(kept[0]).toBeGreaterThan((removed[0] ?? 0) + 1e-3);
    // Row 1 has no hit among its real targets.
    expect(kept[1]).toBeCloseTo(removed[1] ?? Number.NaN, 5);
    tf.dispose([hidden, targets, projection, trueExpectedCounts, sampledExpectedCounts]);
  });

  it('masks every candidate column equal to the target, repeated candidates too', () => {
    // One example with target 3: candidates equal to 3 must drop out of the
    // softmax entirely, so [3, 5], [3, 3, 5] and [5] give the same loss.
    const hidden = tf.tensor2d([[0.5, -1, 2]]);
    const targets = tf.tensor1d([3], 'int32');
    const projection = {
      kernel: tf.tensor2d(
        Array.from({ length: 3 * 6 }, (_, i) => Math.sin(i)),
        [3, 6],
      ),
      bias: tf.zeros([6]) as tf.Tensor1D,
    };
    const trueExpectedCounts = tf.ones([1]);
    const lossWith = (sampledIds: number[]) =>
      tf.tidy(
        () =>
          sampledSoftmaxLoss(hidden, targets, projection, {
            sampledIds,
            sampledExpectedCounts: tf.ones([sampledIds.length]) as tf.Tensor1D,
            trueExpectedCounts,
            reduction: 'sum',
          }).loss.dataSync()[0],
      );
    const alone = lossWith([5]);
    expect(lossWith([3, 5])).toBeCloseTo(alone as number, 6);
    expect(lossWith([3, 3, 5])).toBeCloseTo(alone as number, 6);
    expect(lossWith([4, 5])).toBeGreaterThan((alone as number) + 1e-3);
    tf.dispose([hidden, targets, projection, trueExpectedCounts]);
  });

  it('equals the full softmax when every class is a candidate with Q = 1', () => {
    const V = 9;
    const hidden = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 11) as tf.Tensor3D;
    const kernel = tf.randomNormal([4, V], 0, 1, 'float32', 12) as tf.Tensor2D;
    const bias = tf.randomNormal([V], 0, 1, 'float32', 13) as tf.Tensor1D;
    const targets = tf.tensor2d(
      [
        [4, 8, 0],
        [1, 3, 5],
      ],
      undefined,
      'int32',
    );
    const ones = tf.onesLike(targets);
    const sampled = sampledSoftmaxLoss(
      hidden,
      targets,
      { kernel, bias },
      {
        sampledIds: Array.from({ length: V }, (_, k) => k),
        sampledExpectedCounts: tf.ones([V]) as tf.Tensor1D,
        trueExpectedCounts: ones,
        reduction: 'per-sequence',
      },
    );
    const logits = tf.add(tf.matMul(tf.reshape(hidden, [6, 4]), kernel), bias);
    const full = maskedCrossEntropy(tf.reshape(logits, [2, 3, V]) as tf.Tensor3D, targets, {
      reduction: 'per-sequence',
    });
    expectTensorsClose(sampled.loss, full.loss, { atol: 1e-5 });
    tf.dispose([hidden, kernel, bias, targets, ones, sampled, logits, full]);
  });

  it('has the gradients of finite differences in hidden, kernel and bias', () => {
    const { hidden, targets, projection, trueExpectedCounts, sampledExpectedCounts } =
      fixtureTensors();
    const report = checkGradients(
      (h, kernel, bias) =>
        tf.tidy(
          () =>
            sampledSoftmaxLoss(h as tf.Tensor3D, targets, { kernel, bias } as typeof projection, {
              sampledIds: reference.sampledIds,
              sampledExpectedCounts,
              trueExpectedCounts,
            }).loss as tf.Scalar,
        ),
      [hidden, projection.kernel, projection.bias],
    );
    expect(report.checked).toBeGreaterThan(30);
    tf.dispose([hidden, targets, projection, trueExpectedCounts, sampledExpectedCounts]);
  });

  it('gives gradients that point like the full-softmax gradient on average over seeds', () => {
    const V = 60;
    const H = 8;
    const hidden = tf.randomNormal([24, H], 0, 1, 'float32', 21) as tf.Tensor2D;
    const kernel = tf.randomNormal([H, V], 0, 0.5, 'float32', 22) as tf.Tensor2D;
    const bias = tf.zeros([V]) as tf.Tensor1D;
    const targets = tf.tensor1d(
      Array.from({ length: 24 }, (_, i) => (i * 7) % 20),
      'int32',
    );
    const fullGradient = tf.grad((x: tf.Tensor) => {
      const logits = tf.add(tf.matMul(x as tf.Tensor2D, kernel), bias);
      const targets3d = tf.reshape(targets, [1, 24]) as tf.Tensor2D;
      return maskedCrossEntropy(tf.reshape(logits, [1, 24, V]) as tf.Tensor3D, targets3d, {
        padId: -1,
      }).loss as tf.Scalar;
    })(hidden);
    const sampler = new LogUniformSampler(V, { seed: 3 });
    const cosines: number[] = [];
    for (let seed = 0; seed < 16; seed++) {
      const cosine = tf.tidy(() => {
        const gradient = tf.grad(
          (x: tf.Tensor) =>
            sampledSoftmaxLoss(
              x as tf.Tensor2D,
              targets,
              { kernel, bias },
              {
                numSampled: 15,
                sampler,
                padId: -1,
              },
            ).loss as tf.Scalar,
        )(hidden);
        const dot = tf.sum(tf.mul(gradient, fullGradient));
        const norms = tf.mul(tf.norm(gradient), tf.norm(fullGradient));
        return tf.div(dot, norms).dataSync()[0] ?? Number.NaN;
      });
      cosines.push(cosine);
    }
    const meanCosine = cosines.reduce((a, b) => a + b, 0) / cosines.length;
    // Measured: every cosine ≈ 0.9 here.
    expect(meanCosine).toBeGreaterThan(0.7);
    expect(Math.min(...cosines)).toBeGreaterThan(0);
    tf.dispose([hidden, kernel, bias, targets, fullGradient]);
  });

  it('leaks nothing when drawing its own candidates, and draws fresh ones per call', async () => {
    const { hidden, targets, projection } = fixtureTensors();
    const sampler = new LogUniformSampler(30, { seed: 4 });
    const losses = await expectNoLeaks(() =>
      [0, 1, 2].map(() => {
        const result = sampledSoftmaxLoss(hidden, targets, projection, { numSampled: 5, sampler });
        const value = result.loss.dataSync()[0] ?? Number.NaN;
        tf.dispose(result);
        return value;
      }),
    );
    expect(new Set(losses).size).toBeGreaterThan(1);
    expect(losses.every(Number.isFinite)).toBe(true);
    const seeded = [7, 7].map((seed) =>
      tf.tidy(
        () =>
          sampledSoftmaxLoss(hidden, targets, projection, {
            numSampled: 5,
            seed,
          }).loss.dataSync()[0],
      ),
    );
    expect(seeded[0]).toBe(seeded[1]);
    tf.dispose([hidden, targets, projection]);
  });

  it('rejects inconsistent inputs with clear messages', () => {
    const { hidden, targets, projection, trueExpectedCounts, sampledExpectedCounts } =
      fixtureTensors();
    expect(() => sampledSoftmaxLoss(hidden, targets, projection, { numSampled: 5 })).toThrow(
      'sampledSoftmaxLoss: pass a sampler (a fresh candidate set each call), a seed, or sampledIds',
    );
    expect(() => sampledSoftmaxLoss(hidden, targets, projection, { sampledIds: [1, 2] })).toThrow(
      'sampledIds needs sampledExpectedCounts and trueExpectedCounts too',
    );
    const twoCounts = tf.ones([2]) as tf.Tensor1D;
    expect(() =>
      sampledSoftmaxLoss(hidden, targets, projection, {
        sampledIds: [1, 30],
        sampledExpectedCounts: twoCounts,
        trueExpectedCounts,
      }),
    ).toThrow(
      'sampledSoftmaxLoss: sampledIds[1] must be an integer in [0, 30). Received: sampledIds[1]=30',
    );
    expect(() =>
      sampledSoftmaxLoss(hidden, targets, projection, {
        sampledIds: [1, 2],
        sampledExpectedCounts: [1, 1] as unknown as tf.Tensor1D,
        trueExpectedCounts,
      }),
    ).toThrow('sampledSoftmaxLoss: sampledExpectedCounts must be a float32 tensor');
    expect(() =>
      sampledSoftmaxLoss(hidden, targets, projection, {
        sampledIds: [1, 2, 3],
        sampledExpectedCounts: twoCounts,
        trueExpectedCounts,
      }),
    ).toThrow(
      'sampledSoftmaxLoss: sampledExpectedCounts.shape must be [sampledIds.length] = [3]. Received: sampledExpectedCounts.shape=[2]',
    );
    expect(() =>
      sampledSoftmaxLoss(hidden, targets, projection, {
        sampledIds: reference.sampledIds,
        sampledExpectedCounts,
        trueExpectedCounts,
        numSampled: 6,
        seed: 1,
      }),
    ).toThrow(
      'sampledSoftmaxLoss: sampledIds replaces the sampler, so numSampled, sampler and seed must not be given with it. Received: sampledIds with numSampled, seed',
    );
    expect(() =>
      sampledSoftmaxLoss(hidden, targets, projection, {
        numSampled: 3,
        seed: 1,
        trueExpectedCounts,
      }),
    ).toThrow(
      'sampledSoftmaxLoss: trueExpectedCounts goes with sampledIds; the sampler computes its own expected counts. Received: trueExpectedCounts without sampledIds',
    );
    const flatTargets = tf.reshape(targets, [-1]) as tf.Tensor1D;
    expect(() =>
      sampledSoftmaxLoss(hidden, flatTargets, projection, { numSampled: 3, seed: 1 }),
    ).toThrow('sampledSoftmaxLoss: hidden must be [N, H] with targets [N], or [b, T, H]');
    expect(() =>
      sampledSoftmaxLoss(tf.reshape(hidden, [8, 5]) as tf.Tensor2D, flatTargets, projection, {
        numSampled: 3,
        seed: 1,
        reduction: 'per-sequence',
      }),
    ).toThrow('reduction can be per-sequence only for [b, T, H] hidden');
    expect(() =>
      sampledSoftmaxLoss(hidden, targets, projection, {
        numSampled: 3,
        sampler: new LogUniformSampler(31),
      }),
    ).toThrow('sampler.vocabSize must equal V (30)');
    tf.dispose([hidden, targets, projection, trueExpectedCounts, sampledExpectedCounts]);
    tf.dispose([flatTargets, twoCounts]);
  });
});
