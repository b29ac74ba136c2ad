import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Transformer } from './transformer';

const model = new Transformer({
  sourceVocabSize: 9,
  targetVocabSize: 9,
  modelDim: 8,
  heads: 2,
  encoderLayers: 1,
  decoderLayers: 1,
  feedForwardDim: 8,
  dropout: 0,
  seed: 1,
});

describe('Transformer source lengths', () => {
  const source = tf.tensor2d(
    [
      [4, 5, 6],
      [7, 8, 0],
    ],
    undefined,
    'int32',
  );
  const target = tf.tensor2d(
    [
      [1, 4],
      [1, 5],
    ],
    undefined,
    'int32',
  );

  it.each([
    [[3, 4], 'Transformer: every length must be an integer in [0, 3]. Received: length=4'],
    [[3, -1], 'Transformer: every length must be an integer in [0, 3]. Received: length=-1'],
    [[3], 'sourceLengths'],
  ])('refuses lengths %j as RnnSeq2Seq does, in encode and forward', (lengths, message) => {
    const sourceLengths = tf.tensor1d(lengths, 'int32');
    const before = tf.memory().numTensors;
    expect(() => model.encode(source, sourceLengths)).toThrow(message);
    expect(() => model.forward(source, sourceLengths, target)).toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
    sourceLengths.dispose();
  });

  it('accepts lengths from 0 to the batch width', () => {
    const sourceLengths = tf.tensor1d([3, 0], 'int32');
    const result = model.forward(source, sourceLengths, target);
    expect(result.logits.shape).toEqual([2, 2, 9]);
    tf.dispose([...Object.values(result), sourceLengths]);
  });
});
