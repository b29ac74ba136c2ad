// Tiny models and tokenizers shared by this package's tests.
import { WordTokenizer } from '@heed/tokenizers';
import * as tf from '@tensorflow/tfjs-core';
import type { ModelSpec, TranslationModel } from '../src/model-spec';
import type { TokenizerPair } from '../src/tokenizer-pair';

export const SOURCE_TEXTS = ['the cat sleeps', 'a dog', 'the dog sees the cat'];
export const TARGET_TEXTS = ['el gato duerme', 'un perro', 'el perro ve el gato'];

export function tinyTokenizers(): TokenizerPair {
  return { source: WordTokenizer.train(SOURCE_TEXTS), target: WordTokenizer.train(TARGET_TEXTS) };
}

/** An additive-attention GRU RnnSeq2Seq and a one-layer Transformer, sized for `tokenizers`. */
export function tinySpecs(tokenizers: TokenizerPair): Record<'rnn' | 'transformer', ModelSpec> {
  const sizes = {
    sourceVocabSize: tokenizers.source.vocab.size,
    targetVocabSize: tokenizers.target.vocab.size,
  };
  return {
    rnn: {
      arch: 'rnn',
      config: {
        ...sizes,
        encoder: { embeddingDim: 8, hiddenSize: 8, bidirectional: true },
        decoder: { embeddingDim: 8, hiddenSize: 8 },
        attention: { type: 'additive', units: 8 },
        seed: 3,
      },
    },
    transformer: {
      arch: 'transformer',
      config: {
        ...sizes,
        modelDim: 8,
        heads: 2,
        encoderLayers: 1,
        decoderLayers: 1,
        feedForwardDim: 16,
        dropout: 0,
        seed: 4,
      },
    },
  };
}

/** Teacher-forced logits of `model` on a fixed batch, flattened `[b, T, V]`. */
export function teacherForcedLogits(model: TranslationModel): Float32Array {
  return tf.tidy(
    () =>
      model
        .forward(
          tf.tensor2d(
            [
              [4, 5, 2],
              [6, 2, 0],
            ],
            undefined,
            'int32',
          ),
          tf.tensor1d([3, 2], 'int32'),
          tf.tensor2d(
            [
              [1, 4, 5],
              [1, 6, 0],
            ],
            undefined,
            'int32',
          ),
        )
        .logits.dataSync() as Float32Array,
  );
}
