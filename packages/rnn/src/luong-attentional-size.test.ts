import { paddingMask } from '@heed/core';
import { expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import fixture from '../test/fixtures/luong-attentional.json';
import { AttentionDecoder } from './attention-decoder';
import { RnnSeq2Seq } from './rnn-seq2seq';

interface LuongCase {
  name: string;
  config: {
    vocabSize: number;
    memoryDim: number;
    embeddingDim: number;
    hiddenSize: number;
    attentionalSize: number;
    inputFeeding: boolean;
  };
  weights: Record<string, number[] | number[][]>;
  memory: number[][][];
  lengths: number[];
  initial: number[][];
  targetInput: number[][];
  logits: number[][][];
}

/** A decoder holding the fixture's weights. */
function decoderOf(reference: LuongCase): AttentionDecoder {
  const decoder = new AttentionDecoder({
    ...reference.config,
    attention: { type: 'general' },
    placement: 'luong',
  });
  const parameters = decoder.namedParameters();
  expect([...parameters.keys()].sort()).toEqual(Object.keys(reference.weights).sort());
  for (const [name, values] of Object.entries(reference.weights)) {
    const parameter = parameters.get(name)!;
    parameter.assign(tf.tensor(values, parameter.shape));
  }
  return decoder;
}

describe('AttentionDecoder attentionalSize (NumPy transcription of Luong eq. 5)', () => {
  for (const reference of fixture.cases as LuongCase[]) {
    it(`${reference.name}: teacher forcing and step() give the reference logits`, () => {
      const decoder = decoderOf(reference);
      const { hiddenSize: H, attentionalSize: A } = reference.config;
      expect(decoder.attentional!.weight.shape).toEqual([A, reference.config.memoryDim + H]);
      expect(decoder.output.kernel.shape).toEqual([A, reference.config.vocabSize]);
      tf.tidy(() => {
        const values = tf.tensor3d(reference.memory);
        const lengths = tf.tensor1d(reference.lengths, 'int32');
        const memory = decoder.attention.prepare(
          values,
          values,
          paddingMask(lengths, values.shape[1]),
          lengths,
        );
        const state = decoder.initialState({ hidden: [tf.tensor2d(reference.initial)] });
        const targetInput = tf.tensor2d(reference.targetInput, undefined, 'int32');
        const forward = decoder.forward(targetInput, state, memory);
        expectTensorsClose(forward.logits, reference.logits, { atol: 1e-5 });
        expect(forward.hidden.shape).toEqual([2, 4, A]);
        let current = state;
        const stepped: tf.Tensor2D[] = [];
        for (let t = 0; t < targetInput.shape[1]; t++) {
          const tokens = tf.reshape(tf.slice(targetInput, [0, t], [2, 1]), [2]) as tf.Tensor1D;
          const result = decoder.step(tokens, current, memory);
          stepped.push(result.logits);
          current = result.state;
        }
        expectTensorsClose(tf.stack(stepped, 1), reference.logits, { atol: 1e-5 });
      });
      decoder.dispose();
    });
  }

  it('defaults to the hidden size and rejects a size under Bahdanau placement', () => {
    const luong = new AttentionDecoder({
      vocabSize: 5,
      memoryDim: 3,
      hiddenSize: 4,
      placement: 'luong',
    });
    expect(luong.attentionalSize).toBe(4);
    expect(luong.attentional!.weight.shape).toEqual([4, 7]);
    luong.dispose();
    expect(() => new AttentionDecoder({ vocabSize: 5, memoryDim: 3, attentionalSize: 6 })).toThrow(
      "AttentionDecoder: attentionalSize applies to placement 'luong' only (Bahdanau placement has no attentional vector). Received: attentionalSize=6",
    );
    expect(
      () =>
        new AttentionDecoder({
          vocabSize: 5,
          memoryDim: 3,
          placement: 'luong',
          attentionalSize: 0,
        }),
    ).toThrow(
      'AttentionDecoder: attentionalSize must be a positive integer. Received: attentionalSize=0',
    );
  });

  it('survives a config round trip in RnnSeq2Seq', () => {
    const model = new RnnSeq2Seq({
      sourceVocabSize: 6,
      targetVocabSize: 7,
      decoder: { hiddenSize: 4, placement: 'luong', attentionalSize: 9 },
      attention: { type: 'general' },
    });
    const config = model.getConfig();
    expect(config.decoder.attentionalSize).toBe(9);
    const rebuilt = RnnSeq2Seq.fromConfig(config);
    expect(rebuilt.decoder.attentionalSize).toBe(9);
    expect(rebuilt.outputProjection.kernel.shape).toEqual([9, 7]);
    model.dispose();
    rebuilt.dispose();
  });
});
