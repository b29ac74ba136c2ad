import { attentionOptionSchema, checkAttentionSpec } from '@heed/attention';
import type { TranslationModel } from '@heed/models';
import { RnnSeq2Seq } from '@heed/rnn';
import { Transformer } from '@heed/transformer';
import type { TrainingConfig } from './training-config';

/**
 * The model a page config describes, sized for its vocabularies:
 * - `rnn`: a GRU encoder and decoder with `layers` layers, embedding `embed`,
 *   `hidden` units, and `attention` in Bahdanau placement;
 * - `transformer`: width `hidden`, `heads` heads, `layers` encoder and decoder
 *   layers, feed-forward 4·hidden, `attention` as cross-attention.
 * No dropout: the page's runs are short.
 */
export function buildModel(
  config: TrainingConfig,
  vocab: { sourceVocabSize: number; targetVocabSize: number },
): TranslationModel {
  // `heads` only for types that take it (multihead, and custom types that declare it).
  const takesHeads = Object.hasOwn(attentionOptionSchema(config.attention), 'heads');
  const attention = checkAttentionSpec(
    { type: config.attention, ...(takesHeads ? { heads: config.heads } : {}) },
    'TrainingConfig',
  );
  if (config.arch === 'transformer') {
    return new Transformer({
      ...vocab,
      modelDim: config.hidden,
      heads: config.heads,
      encoderLayers: config.layers,
      decoderLayers: config.layers,
      feedForwardDim: 4 * config.hidden,
      dropout: 0,
      crossAttention: attention,
      seed: config.seed,
    });
  }
  const recurrent = {
    embeddingDim: config.embed,
    hiddenSize: config.hidden,
    cell: 'gru' as const,
    layers: config.layers,
    dropout: 0,
  };
  return new RnnSeq2Seq({
    ...vocab,
    encoder: recurrent,
    decoder: { ...recurrent, placement: 'bahdanau' },
    attention,
    seed: config.seed,
  });
}
