import { type AttentionSpec, attentionSpecFrom } from '@heed/attention';
import { type ModelSpec, modelFromSpec, type TranslationModel } from '@heed/models';
import { dropoutRate, encoderIsBidirectional } from './long-run';
import { attentionOf, type RecipeConfig } from './recipe-config';

/** Vocabulary sizes, from the tokenizers. */
export interface VocabSizes {
  sourceVocabSize: number;
  targetVocabSize: number;
}

/** The config fields that shape a model (the limits too: a long run's model differs). */
export type ModelConfig = Pick<
  RecipeConfig,
  | 'arch'
  | 'cell'
  | 'layers'
  | 'bidirectional'
  | 'attention'
  | 'placement'
  | 'embed'
  | 'hidden'
  | 'decoderHidden'
  | 'heads'
  | 'dropout'
  | 'window'
  | 'attentionOptions'
  | 'feedForward'
  | 'seed'
  | 'time'
  | 'steps'
  | 'epochs'
>;

/**
 * Translates the flat config into an `RnnSeq2Seq` or `Transformer` config:
 * - `rnn`: embedding `embed`, `hidden` units per direction in the encoder and
 *   in the decoder (`decoderHidden` in the decoder when given), `layers` stacked layers on each side, `cell`,
 *   `bidirectional`, `placement`, and the attention (`attentionSpec`);
 *   an unset `bidirectional` or `dropout` is read by `encoderIsBidirectional`
 *   and `dropoutRate`;
 * - `transformer`: width `hidden`, `heads` heads, `layers` encoder and decoder
 *   layers, feed-forward `feedForward` (4·hidden), `attention` as cross-attention.
 */
export function modelSpec(config: ModelConfig, sizes: VocabSizes): ModelSpec {
  const attention = attentionSpec(config);
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
        dropout: dropoutRate(config),
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
    dropout: dropoutRate(config),
  };
  return {
    arch: 'rnn',
    config: {
      ...sizes,
      encoder: { ...recurrent, bidirectional: encoderIsBidirectional(config) },
      decoder: {
        ...recurrent,
        hiddenSize: config.decoderHidden ?? config.hidden,
        placement: config.placement,
      },
      attention,
      seed: config.seed,
    },
  };
}

/**
 * The attention a flat config describes: its type (`attentionOf`), `heads`
 * and `window` where the type's schema has them, and every option of
 * `attentionOptions` (which win over `heads` and `window`).
 */
export function attentionSpec(
  config: Pick<ModelConfig, 'arch' | 'attention' | 'heads' | 'window' | 'attentionOptions'>,
): AttentionSpec {
  return attentionSpecFrom(attentionOf(config), {
    shared: { heads: config.heads, window: config.window },
    options: config.attentionOptions,
    owner: 'config: attention',
  });
}

/** Builds the model a flat config describes, sized for the tokenizers' vocabularies. */
export function createModel(config: ModelConfig, sizes: VocabSizes): TranslationModel {
  return modelFromSpec(modelSpec(config, sizes));
}
