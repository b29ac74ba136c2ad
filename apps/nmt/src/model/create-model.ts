import { type ModelSpec, modelFromSpec, type TranslationModel } from '@heed/models';
import { attentionOf, type NmtConfig } from '../config/nmt-config';

/** Vocabulary sizes, from the tokenizers. */
export interface VocabSizes {
  sourceVocabSize: number;
  targetVocabSize: number;
}

/** The config fields that shape a model. */
export type ModelConfig = Pick<
  NmtConfig,
  | 'arch'
  | 'cell'
  | 'layers'
  | 'bidirectional'
  | 'attention'
  | 'placement'
  | 'embed'
  | 'hidden'
  | 'heads'
  | 'dropout'
  | 'window'
  | 'feedForward'
  | 'seed'
>;

/**
 * Translates the flat config into an `RnnSeq2Seq` or `Transformer` config:
 * - `rnn`: embedding `embed`, `hidden` units per direction in the encoder and
 *   in the decoder, `layers` stacked layers on each side, `cell`,
 *   `bidirectional`, `placement`, and the attention `attention` (with `heads`
 *   and `window` where the type uses them);
 * - `transformer`: width `hidden`, `heads` heads, `layers` encoder and decoder
 *   layers, feed-forward `feedForward` (4·hidden), `attention` as cross-attention.
 */
export function modelSpec(config: ModelConfig, sizes: VocabSizes): ModelSpec {
  const type = attentionOf(config);
  const attention = { type, heads: config.heads, window: config.window };
  if (config.arch === 'transformer') {
    return {
      arch: 'transformer',
      config: {
        ...sizes,
        modelDim: config.hidden,
        heads: config.heads,
        encoderLayers: config.layers,
        decoderLayers: config.layers,
        feedForwardDim: config.feedForward ?? 4 * config.hidden,
        dropout: config.dropout,
        crossAttention: attention,
        seed: config.seed,
      },
    };
  }
  const recurrent = {
    embeddingDim: config.embed,
    hiddenSize: config.hidden,
    cell: config.cell,
    layers: config.layers,
    dropout: config.dropout,
  };
  return {
    arch: 'rnn',
    config: {
      ...sizes,
      encoder: { ...recurrent, bidirectional: config.bidirectional },
      decoder: { ...recurrent, placement: config.placement },
      attention,
      seed: config.seed,
    },
  };
}

/** Builds the model a flat config describes, sized for the tokenizers' vocabularies. */
export function createModel(config: ModelConfig, sizes: VocabSizes): TranslationModel {
  return modelFromSpec(modelSpec(config, sizes));
}
