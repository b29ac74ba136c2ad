import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { disposeTree, type Encoded } from '@heed/core';
import { checkParameterGradients, expectNoLeaks, expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { AttentionPlacement, DecoderAttentionConfig } from './attention-decoder';
import type { CellKind } from './cell-kind';
import type { AttentionDecoderState } from './decoder-state';
import { RnnSeq2Seq, type RnnSeq2SeqConfig } from './rnn-seq2seq';

const source = () =>
  tf.tensor2d(
    [
      [5, 6, 7, 2],
      [8, 9, 2, 0],
      [4, 2, 0, 0],
    ],
    undefined,
    'int32',
  );
const lengths = () => tf.tensor1d([4, 3, 2], 'int32');
const target = () =>
  tf.tensor2d(
    [
      [1, 7, 6, 5],
      [1, 9, 8, 2],
      [1, 4, 2, 0],
    ],
    undefined,
    'int32',
  );

function model(overrides: Partial<RnnSeq2SeqConfig> = {}): RnnSeq2Seq {
  return new RnnSeq2Seq({
    sourceVocabSize: 10,
    targetVocabSize: 10,
    encoder: { embeddingDim: 4, hiddenSize: 5, bidirectional: true },
    decoder: { embeddingDim: 4, hiddenSize: 6 },
    attention: { type: 'additive', units: 5 },
    seed: 3,
    ...overrides,
  });
}

/** Runs `step` over the gold tokens and stacks the logits: `[b, T, V]`. */
function stepLogits(m: RnnSeq2Seq, tokens: tf.Tensor2D, encoded: Encoded): tf.Tensor3D {
  return tf.tidy(() => {
    let state = encoded.initialState;
    const logits: tf.Tensor2D[] = [];
    for (const column of tf.unstack(tokens, 1) as tf.Tensor1D[]) {
      const result = m.step(column, state, encoded);
      logits.push(result.logits);
      state = result.state;
    }
    return tf.stack(logits, 1) as tf.Tensor3D;
  });
}

/** A fixed random weighting of the logits: a loss whose gradient reaches every parameter. */
const weighting = tf.randomNormal([3, 4, 10], 0, 1, 'float32', 5);
afterAll(() => weighting.dispose());

function lossOf(m: RnnSeq2Seq, src: tf.Tensor2D, len: tf.Tensor1D, tgt: tf.Tensor2D) {
  return () => tf.sum(tf.mul(m.forward(src, len, tgt).logits, weighting)) as tf.Scalar;
}

describe('RnnSeq2Seq fused ops agree with the reference ops', () => {
  const cases: [CellKind, number, boolean][] = [
    ['gru', 1, true],
    ['lstm', 1, true],
    ['gru', 2, true],
    ['gru', 1, false],
    ['gru', 2, false],
  ];
  for (const [cell, layers, resetAfter] of cases) {
    const name = resetAfter ? cell : 'reset-before gru';
    it(`Bahdanau + additive, ${name}, ${layers} decoder layer(s): logits, every gradient, decoding steps`, () => {
      const gru = cell === 'gru' ? { resetAfter } : {};
      const config: Partial<RnnSeq2SeqConfig> = {
        encoder: { embeddingDim: 4, hiddenSize: 5, bidirectional: true, cell, layers, ...gru },
        decoder: { embeddingDim: 4, hiddenSize: 6, cell, layers, ...gru },
      };
      const fused = model(config);
      const reference = model({ ...config, fused: false });
      const [src, len, tgt] = [source(), lengths(), target()];
      const a = tf.variableGrads(lossOf(fused, src, len, tgt), fused.trainableParameters());
      const b = tf.variableGrads(lossOf(reference, src, len, tgt), reference.trainableParameters());
      expectTensorsClose(a.value, b.value, { atol: 1e-4, rtol: 1e-5 });
      const fusedNames = [...fused.namedParameters()];
      const referenceParameters = reference.namedParameters();
      for (const [name, variable] of fusedNames) {
        const other = referenceParameters.get(name)!;
        expectTensorsClose(a.grads[variable.name]!, b.grads[other.name]!, {
          atol: 2e-4,
          rtol: 1e-3,
        });
      }
      tf.dispose([a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads)]);
      const fusedEncoded = fused.encode(src, len);
      const referenceEncoded = reference.encode(src, len);
      expectTensorsClose(
        stepLogits(fused, tgt, fusedEncoded),
        stepLogits(reference, tgt, referenceEncoded),
        { atol: 1e-4 },
      );
      disposeTree([fusedEncoded, referenceEncoded]);
      tf.dispose([src, len, tgt]);
      fused.dispose();
      reference.dispose();
    });
  }
});

describe('RnnSeq2Seq with every attention and placement', () => {
  const attentions: DecoderAttentionConfig[] = [
    { type: 'additive', units: 5 },
    { type: 'dot' },
    { type: 'scaled-dot' },
    { type: 'general' },
    { type: 'concat', units: 5 },
    { type: 'local-m', window: 1, gaussian: true },
    { type: 'local-p', window: 1, units: 4 },
    { type: 'multihead', heads: 2, units: 6 },
    { type: 'none' },
  ];
  const placements: [AttentionPlacement, boolean][] = [
    ['bahdanau', false],
    ['luong', true],
    ['luong', false],
  ];
  for (const attention of attentions) {
    for (const [placement, inputFeeding] of placements) {
      const label = `${attention.type}, ${placement}${placement === 'luong' ? (inputFeeding ? ' with input feeding' : ' without input feeding') : ''}`;
      it(`${label}: teacher-forced forward equals step-by-step decoding`, () => {
        const needsEqualSizes = attention.type === 'dot' || attention.type === 'scaled-dot';
        const m = model({
          attention,
          encoder: { embeddingDim: 4, hiddenSize: 3, bidirectional: true },
          decoder: {
            embeddingDim: 4,
            hiddenSize: needsEqualSizes ? 6 : 5,
            placement,
            inputFeeding,
          },
        });
        const [src, len, tgt] = [source(), lengths(), target()];
        const forward = m.forward(src, len, tgt);
        expect(forward.logits.shape).toEqual([3, 4, 10]);
        expect(forward.attention!.shape).toEqual([3, 4, 4]);
        const encoded = m.encode(src, len);
        const stepped = stepLogits(m, tgt, encoded);
        expectTensorsClose(stepped, forward.logits, { atol: 1e-4 });
        disposeTree([forward, encoded, stepped, src, len, tgt]);
        m.dispose();
      });
    }
  }
});

describe('RnnSeq2Seq', () => {
  for (const [label, overrides] of [
    ['fused Bahdanau step, 2 layers', { decoder: { embeddingDim: 4, hiddenSize: 6, layers: 2 } }],
    [
      'Luong step with input feeding, 2 layers',
      { decoder: { embeddingDim: 4, hiddenSize: 6, layers: 2, placement: 'luong' } },
    ],
  ] as [string, Partial<RnnSeq2SeqConfig>][]) {
    it(`decodes with the updated weights after a training step and leaves no tensors behind (${label})`, () => {
      const baseline = tf.memory().numTensors;
      const m = model(overrides);
      const [src, len, tgt] = [source(), lengths(), target()];
      const encoded = m.encode(src, len);
      stepLogits(m, tgt, encoded).dispose(); // transposes the step weights
      const optimizer = tf.train.sgd(0.5);
      optimizer.minimize(lossOf(m, src, len, tgt), true)?.dispose();
      optimizer.dispose();
      const after = m.encode(src, len);
      const stepped = stepLogits(m, tgt, after);
      const forward = m.forward(src, len, tgt);
      expectTensorsClose(stepped, forward.logits, { atol: 1e-4 });
      disposeTree([encoded, after, stepped, forward, src, len, tgt]);
      m.dispose();
      expect(tf.memory().numTensors).toBe(baseline);
    });
  }

  for (const [label, overrides] of [
    ['defaults: GRU, additive, Bahdanau placement', {}],
    [
      'LSTM, general, Luong placement with input feeding, 2 layers',
      {
        encoder: { embeddingDim: 4, hiddenSize: 5, bidirectional: true, cell: 'lstm' },
        decoder: { embeddingDim: 4, hiddenSize: 6, cell: 'lstm', layers: 2, placement: 'luong' },
        attention: { type: 'general' },
      },
    ],
  ] as [string, Partial<RnnSeq2SeqConfig>][]) {
    it(`sends gradients through step() to every parameter (${label})`, () => {
      const m = model(overrides);
      const [src, len, tgt] = [source(), lengths(), target()];
      const { value, grads } = tf.variableGrads(
        () => tf.sum(tf.mul(stepLogits(m, tgt, m.encode(src, len)), weighting)) as tf.Scalar,
        m.trainableParameters(),
      );
      for (const [name, parameter] of m.namedParameters()) {
        const grad = grads[parameter.name];
        expect(grad, name).toBeDefined();
        expect(tf.max(tf.abs(grad!)).dataSync()[0], name).toBeGreaterThan(0);
      }
      tf.dispose([value, ...Object.values(grads), src, len, tgt]);
      m.dispose();
    });
  }

  it('passes a finite-difference gradient check through the fused kernels (GRU, LSTM, reset-before GRU)', () => {
    for (const [cell, resetAfter] of [
      ['gru', true],
      ['lstm', true],
      ['gru', false],
    ] as const) {
      const gru = cell === 'gru' ? { resetAfter } : {};
      const m = model({
        encoder: { embeddingDim: 3, hiddenSize: 3, bidirectional: true, cell, ...gru },
        decoder: { embeddingDim: 3, hiddenSize: 4, cell, ...gru },
        attention: { type: 'additive', units: 3 },
      });
      const [src, len, tgt] = [source(), lengths(), target()];
      const report = checkParameterGradients(lossOf(m, src, len, tgt), m.trainableParameters(), {
        maxChecksPerInput: 4,
        epsilon: 1e-2,
        atol: 5e-3,
        rtol: 2e-2,
      });
      expect(report.checked).toBeGreaterThan(40);
      tf.dispose([src, len, tgt]);
      m.dispose();
    }
  });

  it('feeds its own argmax back with samplingProbability 1, like step-by-step greedy decoding', () => {
    const m = model();
    const [src, len, tgt] = [source(), lengths(), target()];
    const sampled = m.forward(src, len, tgt, { training: true, samplingProbability: 1 });
    const encoded = m.encode(src, len);
    let state = encoded.initialState;
    let tokens = tf.tensor1d([1, 1, 1], 'int32');
    for (let t = 0; t < 4; t++) {
      const result = m.step(tokens, state, encoded);
      const expected = tf.slice(sampled.logits, [0, t, 0], [3, 1, 10]);
      expectTensorsClose(tf.expandDims(result.logits, 1), expected, { atol: 1e-4 });
      state = result.state;
      tokens = tf.cast(tf.argMax(result.logits, 1), 'int32') as tf.Tensor1D;
    }
    const teacher = m.forward(src, len, tgt, { training: true, samplingProbability: 0 });
    const plain = m.forward(src, len, tgt);
    expectTensorsClose(teacher.logits, plain.logits, { atol: 1e-5 });
    m.dispose();
  });

  it('draws dropout masks and sampling coins from the pass seed when given', () => {
    const m = model({
      encoder: { embeddingDim: 4, hiddenSize: 5, layers: 2, dropout: 0.3 },
      decoder: { embeddingDim: 4, hiddenSize: 6, dropout: 0.3 },
    });
    const [src, len, tgt] = [source(), lengths(), target()];
    const run = (seed: number) =>
      m.forward(src, len, tgt, { training: true, seed, samplingProbability: 0.5 }).logits;
    expectTensorsClose(run(4), run(4));
    expect(tf.max(tf.abs(tf.sub(run(4), run(5)))).dataSync()[0]).toBeGreaterThan(1e-3);
    m.dispose();
  });

  it('draws attention dropout masks from the pass seed when given', () => {
    const m = model({ attention: { type: 'additive', units: 5, dropout: 0.5 } });
    const [src, len, tgt] = [source(), lengths(), target()];
    const run = (seed: number) => m.forward(src, len, tgt, { training: true, seed }).logits;
    expectTensorsClose(run(4), run(4), { atol: 0 });
    expect(tf.max(tf.abs(tf.sub(run(4), run(5)))).dataSync()[0]).toBeGreaterThan(1e-3);
    m.dispose();
  });

  it('returns the same hidden states without the output layer (forwardHidden)', () => {
    const m = model();
    const [src, len, tgt] = [source(), lengths(), target()];
    const { hidden, attention } = m.forwardHidden(src, len, tgt);
    const full = m.forward(src, len, tgt);
    expectTensorsClose(hidden, full.hidden);
    expectTensorsClose(attention, full.attention!);
    m.dispose();
  });

  it('reorders every state tensor by row', () => {
    const m = model({
      decoder: { embeddingDim: 4, hiddenSize: 6, cell: 'lstm', placement: 'luong' },
    });
    const encoded = m.encode(source(), lengths());
    const state = encoded.initialState as unknown as AttentionDecoderState;
    const reordered = m.reorder(
      encoded.initialState,
      tf.tensor1d([2, 2, 0], 'int32'),
    ) as unknown as AttentionDecoderState;
    expectTensorsClose(
      reordered.hidden[0]!,
      tf.gather(state.hidden[0]!, tf.tensor1d([2, 2, 0], 'int32')),
    );
    expect(reordered.cell![0]!.shape).toEqual([3, 6]);
    expect(reordered.feed!.shape).toEqual([3, 6]);
    expect(reordered.position).toBe(0);
    m.dispose();
  });

  it('round-trips its config and saves and loads a checkpoint', async () => {
    const m = model({
      encoder: { embeddingDim: 4, hiddenSize: 5, cell: 'lstm', layers: 2, dropout: 0.1 },
      decoder: { embeddingDim: 3, hiddenSize: 6, cell: 'lstm', layers: 2, placement: 'luong' },
      attention: { type: 'general' },
      bridge: 'linear',
    });
    const rebuilt = RnnSeq2Seq.fromConfig(m.getConfig());
    expect(rebuilt.getConfig()).toEqual(m.getConfig());
    expect([...rebuilt.namedParameters().keys()]).toEqual([...m.namedParameters().keys()]);
    const directory = mkdtempSync(join(tmpdir(), 'heed-rnn-'));
    try {
      await m.save(directory);
      const loaded = await RnnSeq2Seq.load(directory);
      const [src, len, tgt] = [source(), lengths(), target()];
      expectTensorsClose(loaded.forward(src, len, tgt).logits, m.forward(src, len, tgt).logits);
      loaded.dispose();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
    rebuilt.dispose();
    m.dispose();
  });

  it('names parameters by module path', () => {
    const m = model();
    const names = [...m.namedParameters().keys()];
    expect(names).toContain('encoder.embedding.table');
    expect(names).toContain('encoder.rnn.weight_hh_l0_reverse');
    expect(names).toContain('bridge.hidden_l0.weight');
    expect(names).toContain('decoder.attention.W1');
    expect(names).toContain('decoder.rnn.weight_ih_l0');
    expect(names).toContain('decoder.output.kernel');
    expect(m.outputProjection.kernel.shape).toEqual([6, 10]);
    m.dispose();
  });

  it('leaves no tensors behind across 100 training steps and 100 decoding steps', async () => {
    const m = model({ encoder: { embeddingDim: 4, hiddenSize: 5, dropout: 0.1, layers: 2 } });
    const optimizer = tf.train.adam(1e-2);
    const [src, len, tgt] = [source(), lengths(), target()];
    // The optimiser creates its slots on the first step, and the decoder its
    // transposed step weights (remade, never added to, after updates).
    optimizer.minimize(lossOf(m, src, len, tgt), true)?.dispose();
    tf.tidy(() => {
      const encoded = m.encode(src, len);
      m.step(tf.tensor1d([1, 1, 1], 'int32'), encoded.initialState, encoded);
    });
    await expectNoLeaks(() => {
      for (let i = 0; i < 100; i++) {
        const loss = optimizer.minimize(
          () =>
            tf.sum(
              tf.mul(m.forward(src, len, tgt, { training: true }).logits, weighting),
            ) as tf.Scalar,
          true,
        );
        loss?.dispose();
      }
      const encoded = m.encode(src, len);
      let state = encoded.initialState;
      let tokens = tf.tensor1d([1, 1, 1], 'int32');
      for (let i = 0; i < 100; i++) {
        const result = m.step(tokens, state, encoded);
        const next = tf.tidy(() => tf.cast(tf.argMax(result.logits, 1), 'int32')) as tf.Tensor1D;
        disposeTree([result.logits, result.attention, tokens]);
        if (i > 0) disposeTree(state);
        state = result.state;
        tokens = next;
      }
      disposeTree([state, tokens, encoded]);
    });
    optimizer.dispose();
    tf.dispose([src, len, tgt]);
    m.dispose();
  });
});
