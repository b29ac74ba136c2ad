import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackend } from '../backend/wasm-internals';
import { initBackend } from '../node/init-backend';
import { expectTensorsClose } from '../testing';
import { type AdamStepAttributes, adamStep } from './adam-step/adam-step';
import { bahdanauDecode } from './bahdanau/bahdanau-decode';
import { cellStep } from './cell-step/cell-step';
import { type CellKind, gateCount, stateCount } from './cells/cell-kind';
import { embeddingLookup } from './embedding-lookup/embedding-lookup';
import { hasKernel, KERNEL_BACKENDS, releaseDerivedTensors } from './kernel-host';
import { type KernelOptions, recurrence } from './recurrence/recurrence';
import { HEED_KERNEL_NAMES } from './register-heed-kernels';
import {
  softmaxCrossEntropy,
  softmaxCrossEntropyGrad,
} from './softmax-cross-entropy/softmax-cross-entropy';
import { topLogits } from './top-logits/top-logits';

// Every heed kernel against its TF.js composite, on every backend it is
// written for: outputs and the gradient of every float input (a vector-Jacobian
// product with a random cotangent) agree within 1e-5.

/** Deterministic values in [−scale, scale). */
function uniform(shape: number[], seed: number, scale = 1): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    values[i] = (state / 2 ** 31 - 1) * scale;
  }
  return tf.tensor(values, shape);
}

type Op = (inputs: tf.Tensor[], options: KernelOptions) => tf.Tensor;

/**
 * Runs `op` through the kernel and through the composite on the active
 * backend and compares the outputs and the gradients of `inputs[k]` for every
 * `k` in `differentiable`.
 */
function expectKernelMatchesComposite(op: Op, inputs: tf.Tensor[], differentiable: number[]) {
  const before = tf.memory().numTensors;
  const run = (useKernel: boolean) =>
    tf.tidy(() => {
      const output = op(inputs, { useKernel });
      const cotangent = uniform(output.shape, 99);
      const f = (...xs: tf.Tensor[]) => {
        const all = [...inputs];
        differentiable.forEach((k, j) => {
          all[k] = xs[j]!;
        });
        return op(all, { useKernel });
      };
      const grads = tf.grads(f)(
        differentiable.map((k) => inputs[k]!),
        cotangent,
      );
      return [output, ...grads];
    });
  const kernel = run(true);
  const composite = run(false);
  kernel.forEach((value, k) => {
    expectTensorsClose(value, composite[k]!, { atol: 1e-5 });
  });
  tf.dispose([...kernel, ...composite]);
  expect(tf.memory().numTensors).toBe(before);
}

/** `[b]` lengths: full, short, and (with b ≥ 3) one empty row. */
function lengthsOf(b: number, T: number): tf.Tensor1D {
  return tf.tensor1d(
    Array.from({ length: b }, (_, i) => (i === 0 ? T : i === b - 1 ? 0 : Math.max(1, T - i))),
    'int32',
  );
}

function recurrenceCase(kind: CellKind, directions: number, resetAfter = true) {
  const [b, T, H] = [4, 5, 3];
  const G = gateCount(kind);
  const R = stateCount(kind);
  const inputs = [
    uniform([b, T, directions * G * H], 1),
    uniform([b, R * directions * H], 2),
    uniform([directions, G * H, H], 3),
    uniform([directions, G * H], 4),
    lengthsOf(b, T),
  ];
  const op: Op = ([gates, initial, weights, biases, lengths], options) =>
    recurrence(
      {
        gates: gates as tf.Tensor3D,
        initial: initial as tf.Tensor2D,
        weights: weights as tf.Tensor3D,
        biases: biases as tf.Tensor2D,
        lengths: lengths as tf.Tensor1D,
      },
      { kind, hidden: H, directions, resetAfter },
      options,
    );
  return { op, inputs, differentiable: [0, 1, 2, 3] };
}

function cellStepCase(kind: CellKind, resetAfter = true) {
  const [b, H] = [3, 4];
  const G = gateCount(kind);
  const inputs = [
    uniform([b, G * H], 5, 2),
    uniform([G * H, H], 6),
    uniform([G * H], 20),
    uniform([b, H], 7),
  ];
  if (kind === 'lstm') inputs.push(uniform([b, H], 8));
  const op: Op = ([gx, weight, bias, h, c], options) => {
    const next = cellStep(
      { kind, resetAfter },
      gx as tf.Tensor2D,
      { weight: weight as tf.Tensor2D, bias: bias as tf.Tensor1D },
      { h: h as tf.Tensor2D, ...(c ? { c: c as tf.Tensor2D } : {}) },
      options,
    );
    return next.c ? tf.concat([next.h, next.c], 1) : next.h;
  };
  return { op, inputs, differentiable: kind === 'lstm' ? [0, 1, 2, 3, 4] : [0, 1, 2, 3] };
}

function embeddingCase(paddingId: number | null) {
  const inputs = [
    uniform([7, 4], 9),
    tf.tensor2d(
      [
        [0, 3, 3],
        [6, 0, 1],
      ],
      [2, 3],
      'int32',
    ),
  ];
  const op: Op = ([table, ids], options) =>
    embeddingLookup(table as tf.Tensor2D, ids!, paddingId, options);
  return { op, inputs, differentiable: [0] };
}

function bahdanauCase(kind: CellKind) {
  const [b, T, S, H, U, C, E] = [3, 4, 5, 3, 4, 2, 3];
  const G = gateCount(kind);
  const R = stateCount(kind);
  const inputs = [
    uniform([b, T, E], 10),
    uniform([G * H, E + C], 14),
    uniform([G * H], 19),
    uniform([b, R * H], 11),
    uniform([G * H, H], 12),
    uniform([G * H], 13),
    uniform([U, H], 15),
    uniform([U], 16),
    uniform([b, S, U], 17),
    uniform([b, S, C], 18),
    // A full row, a padded row, a fully padded row (zero weights and context).
    tf.tensor2d([
      [1, 1, 1, 1, 1],
      [1, 1, 1, 0, 0],
      [0, 0, 0, 0, 0],
    ]),
  ];
  const names = [
    'embedded',
    'weightIH',
    'biasIH',
    'initial',
    'weightHH',
    'biasHH',
    'queryWeight',
    'scoreVector',
    'keyFeatures',
    'values',
    'mask',
  ] as const;
  const op: Op = (tensors, options) =>
    bahdanauDecode(
      Object.fromEntries(names.map((name, k) => [name, tensors[k]])) as never,
      { kind, hidden: H },
      options,
    );
  return { op, inputs, differentiable: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] };
}

function softmaxCrossEntropyCase(labelSmoothing: number) {
  // Logits up to ±8, so the row maximum matters; the same target twice, and column 0.
  const inputs = [uniform([5, 7], 21, 8), tf.tensor1d([3, 0, 6, 3, 1], 'int32')];
  const op: Op = ([logits, targets], options) =>
    softmaxCrossEntropy(logits as tf.Tensor2D, targets as tf.Tensor1D, labelSmoothing, options)
      .loss;
  return { op, inputs, differentiable: [0] };
}

const CASES: [string, () => { op: Op; inputs: tf.Tensor[]; differentiable: number[] }][] = [
  ['recurrence, GRU, one direction', () => recurrenceCase('gru', 1)],
  ['recurrence, GRU, bidirectional', () => recurrenceCase('gru', 2)],
  ['recurrence, LSTM, one direction', () => recurrenceCase('lstm', 1)],
  ['recurrence, LSTM, bidirectional', () => recurrenceCase('lstm', 2)],
  ['recurrence, reset-before GRU, one direction', () => recurrenceCase('gru', 1, false)],
  ['recurrence, reset-before GRU, bidirectional', () => recurrenceCase('gru', 2, false)],
  ['cell step, GRU', () => cellStepCase('gru')],
  ['cell step, reset-before GRU', () => cellStepCase('gru', false)],
  ['cell step, LSTM', () => cellStepCase('lstm')],
  ['embedding lookup with padding', () => embeddingCase(0)],
  ['embedding lookup without padding', () => embeddingCase(null)],
  ['Bahdanau decoding, GRU', () => bahdanauCase('gru')],
  ['Bahdanau decoding, LSTM', () => bahdanauCase('lstm')],
  ['softmax cross-entropy', () => softmaxCrossEntropyCase(0)],
  ['softmax cross-entropy, label smoothing 0.1', () => softmaxCrossEntropyCase(0.1)],
];

let wasmDataIds = 0;

beforeAll(async () => {
  expect((await initBackend('wasm', { threads: 1 })).name).toBe('wasm');
  wasmDataIds = (tf.backend() as WasmBackend).numDataIds();
});

afterAll(async () => {
  await tf.setBackend('wasm');
  // Every temporary a kernel made on the wasm heap is freed (the derived
  // weights it keeps for later calls go when released).
  releaseDerivedTensors();
  expect((tf.backend() as WasmBackend).numDataIds()).toBe(wasmDataIds);
  await tf.setBackend('cpu');
});

describe('heed kernels on wasm, step after step', () => {
  it('reuse the weight copies of the first decoding step: none made or left per step', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as WasmBackend;
    const { op, inputs } = bahdanauCase('gru');
    // One decoding step (T = 1) of the case's batch.
    const [embedded, ...rest] = inputs as [tf.Tensor3D, ...tf.Tensor[]];
    const first = tf.slice(embedded, [0, 0, 0], [-1, 1, -1]);
    const step = [first, ...rest];
    try {
      op(step, {}).dispose();
      const afterFirst = backend.numDataIds();
      for (let t = 0; t < 3; t++) op(step, {}).dispose();
      // The weights' blocks and transposes made by the first step are reused.
      expect(backend.numDataIds()).toBe(afterFirst);
      releaseDerivedTensors();
      expect(backend.numDataIds()).toBeLessThan(afterFirst);
    } finally {
      tf.dispose([...inputs, first]);
      await tf.setBackend('cpu');
    }
  });
});

describe.each(KERNEL_BACKENDS)('heed kernels on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  it('are all registered', () => {
    for (const name of HEED_KERNEL_NAMES) expect(hasKernel(name)).toBe(true);
  });

  it.each([
    ['Adam', 1],
    ['AdamW', 1 - 1e-3 * 0.01],
  ])('adamStep (%s) matches its composite', (_, weightScale) => {
    const shape = [7, 5];
    const inputs = {
      weight: uniform(shape, 1),
      gradient: uniform(shape, 2, 0.1),
      firstMoment: uniform(shape, 3, 0.01),
      secondMoment: tf.tidy(() => tf.abs(uniform(shape, 4, 1e-3))),
    };
    const step = 3;
    const attributes: AdamStepAttributes = {
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      stepSize: 1e-3 / (1 - 0.9 ** step),
      secondMomentScale: Math.sqrt(1 - 0.999 ** step),
      weightScale,
    };
    const before = tf.memory().numTensors;
    const kernel = adamStep(inputs, attributes);
    const composite = adamStep(inputs, attributes, { useKernel: false });
    try {
      for (const key of ['weight', 'firstMoment', 'secondMoment'] as const) {
        expectTensorsClose(kernel[key], composite[key], { atol: 1e-7, rtol: 1e-6 });
      }
      // The update moved the weight (a kernel that returned its input would not).
      const moved = tf.tidy(
        () => tf.max(tf.abs(tf.sub(kernel.weight, inputs.weight))).dataSync()[0],
      );
      expect(moved).toBeGreaterThan(1e-4);
    } finally {
      tf.dispose([...Object.values(kernel), ...Object.values(composite), ...Object.values(inputs)]);
    }
    expect(tf.memory().numTensors).toBe(before - 4);
  });

  it.each([0, 0.1])('softmaxCrossEntropyGrad (smoothing %s) matches its composite', (smoothing) => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const logits = uniform([5, 7], 21, 8) as tf.Tensor2D;
      const targets = tf.tensor1d([3, 0, 6, 3, 1], 'int32');
      // A zero row (a padded position) and negative weights.
      const dy = tf.tensor1d([0.5, 0, -1.5, 2, 1]);
      const { logSumExp } = softmaxCrossEntropy(logits, targets, smoothing, { useKernel: false });
      const run = (useKernel: boolean) =>
        softmaxCrossEntropyGrad(logits, targets, logSumExp, dy, smoothing, { useKernel });
      expectTensorsClose(run(true), run(false), { atol: 1e-6 });
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each([
    ['one per row', 1, null],
    ["a beam's 2k per row", 4, null],
    ['with a forbidden column', 4, 2],
    ['every column', 9, 5],
  ] as const)('topLogits, %s, matches its composite', (_, count, forbidden) => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      // Logits up to ±8; row 1 repeats one value (ties rank in column order); row 2 has −∞ columns.
      const logits = tf.tensor2d(
        [
          ...(uniform([9], 31, 8).dataSync() as Float32Array),
          ...[1.5, -2, 1.5, 0.25, 1.5, 3, 1.5, -7, 3],
          ...[-Infinity, 0.5, -Infinity, 2, -1, -Infinity, 4, -3, 0],
          ...(uniform([2, 9], 32, 8).dataSync() as Float32Array),
        ],
        [5, 9],
      );
      const kernel = topLogits(logits, count, forbidden);
      const composite = topLogits(logits, count, forbidden, { useKernel: false });
      expect(kernel.indices.dtype).toBe('int32');
      expect(kernel.indices.arraySync()).toEqual(composite.indices.arraySync());
      expectTensorsClose(kernel.values, composite.values, { atol: 0 });
      expectTensorsClose(kernel.logNormaliser, composite.logNormaliser, { atol: 1e-5 });
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(CASES)('%s matches its composite, outputs and gradients', (_, make) => {
    const { op, inputs, differentiable } = make();
    try {
      expectKernelMatchesComposite(op, inputs, differentiable);
    } finally {
      tf.dispose(inputs);
    }
  });
});
