import { HeedError } from '@heed/core';
import { expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { RnnSeq2Seq } from './rnn-seq2seq';

const config = {
  sourceVocabSize: 10,
  targetVocabSize: 10,
  encoder: { embeddingDim: 4, hiddenSize: 5 },
  decoder: { embeddingDim: 4, hiddenSize: 6 },
  attention: { type: 'additive' as const, units: 5 },
  seed: 3,
};

function logits(model: RnnSeq2Seq): tf.Tensor {
  return tf.tidy(() => {
    const source = tf.tensor2d([[5, 6, 7, 2]], undefined, 'int32');
    const target = tf.tensor2d([[1, 7, 6]], undefined, 'int32');
    return model.forward(source, tf.tensor1d([4], 'int32'), target).logits;
  });
}

describe('RnnSeq2Seq checkpoints as bytes', () => {
  it('loads back from the bytes toCheckpointFiles gives, with the same outputs', async () => {
    const model = new RnnSeq2Seq(config);
    const loaded = await RnnSeq2Seq.load(await model.toCheckpointFiles());
    expect(loaded.getConfig()).toEqual(model.getConfig());
    const [expected, actual] = [logits(model), logits(loaded)];
    expectTensorsClose(actual, expected, { atol: 0 });
    tf.dispose([expected, actual]);
    loaded.dispose();
    model.dispose();
  });

  it('loads a checkpoint saved when every attention type took (and ignored) heads and window', async () => {
    const model = new RnnSeq2Seq(config);
    const files = await model.toCheckpointFiles();
    const saved = JSON.parse(files.config as string);
    expect(saved.rnnSeq2Seq.attention).toEqual({ type: 'additive', units: 5 });
    saved.rnnSeq2Seq.attention = { ...saved.rnnSeq2Seq.attention, heads: 4, window: 10 };
    const loaded = await RnnSeq2Seq.load({ ...files, config: JSON.stringify(saved) });
    expect(loaded.getConfig().attention).toEqual({ type: 'additive', units: 5 });
    const [expected, actual] = [logits(model), logits(loaded)];
    expectTensorsClose(actual, expected, { atol: 0 });
    tf.dispose([expected, actual]);
    loaded.dispose();
    model.dispose();
  });

  it('names the source when the weights do not fit the config', async () => {
    const small = new RnnSeq2Seq(config);
    const files = await small.toCheckpointFiles();
    const text = (files.config as string).replace('"hiddenSize": 6', '"hiddenSize": 7');
    const before = tf.memory().numTensors;
    const error = await RnnSeq2Seq.load({ ...files, config: text }).catch((caught) => caught);
    expect(HeedError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^RnnSeq2Seq\.load: checkpoint bytes: RnnSeq2Seq: parameters do not match\. mismatched: bridge\.hidden_l0\.weight: expected float32\[7, 5\], received float32\[6, 5\]/,
    );
    expect(tf.memory().numTensors).toBe(before);
    small.dispose();
  });
});
