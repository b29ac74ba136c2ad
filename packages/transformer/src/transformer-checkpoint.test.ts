import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeCheckpoint, HeedError } from '@heed/core';
import { expectTensorsClose } from '@heed/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Transformer } from './transformer';

const config = {
  sourceVocabSize: 11,
  targetVocabSize: 13,
  modelDim: 8,
  heads: 2,
  encoderLayers: 1,
  decoderLayers: 1,
  feedForwardDim: 16,
  seed: 4,
};

function logits(model: Transformer): tf.Tensor {
  return tf.tidy(() => {
    const source = tf.tensor2d([[4, 5, 6, 2]], undefined, 'int32');
    const target = tf.tensor2d([[1, 7, 8]], undefined, 'int32');
    return model.forward(source, tf.tensor1d([4], 'int32'), target).logits;
  });
}

describe('Transformer save / load', () => {
  it('round-trips through a directory and through bytes, as RnnSeq2Seq does', async () => {
    const model = new Transformer(config);
    const expected = logits(model);
    const directory = await mkdtemp(join(tmpdir(), 'heed-transformer-'));
    try {
      await model.save(directory);
      const fromDirectory = await Transformer.load(directory);
      expect(fromDirectory.getConfig()).toEqual(model.getConfig());
      const fromBytes = await Transformer.load(await model.toCheckpointFiles());
      for (const loaded of [fromDirectory, fromBytes]) {
        const actual = logits(loaded);
        expectTensorsClose(actual, expected, { atol: 0 });
        actual.dispose();
        loaded.dispose();
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
    expected.dispose();
    model.dispose();
  });

  it('says what is wrong with a checkpoint that holds another model', async () => {
    const model = new Transformer(config);
    const before = tf.memory().numTensors;
    const files = await encodeCheckpoint({ weights: model, config: { rnnSeq2Seq: {} } });
    const error = await Transformer.load(files).catch((caught: unknown) => caught);
    expect(HeedError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      "Transformer.load: checkpoint bytes holds no 'transformer' config in config.json",
    );
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
