import type { Module, Seq2SeqModel } from '@heed/core';
import { RnnSeq2Seq, type RnnSeq2SeqConfig } from '@heed/rnn';
import { Transformer, type TransformerConfig } from '@heed/transformer';
import { attentionOf, type NmtConfig } from '../config/nmt-config';
import { NmtError } from '../errors';

/** A heed-nmt model: an RNN or a Transformer, both `Seq2SeqModel`s and `Module`s. */
export type NmtModel = Seq2SeqModel & Module;

/** What rebuilds a model exactly: its architecture and its package's own config. */
export type ModelSpec =
  | { arch: 'rnn'; config: RnnSeq2SeqConfig }
  | { arch: 'transformer'; config: TransformerConfig };

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
  | 'decoderHidden'
  | 'heads'
  | 'dropout'
  | 'window'
  | 'feedForward'
  | 'seed'
>;

/**
 * Translates the flat config into an `RnnSeq2Seq` or `Transformer` config:
 * - `rnn`: embedding `embed`, `hidden` units per direction in the encoder and
 *   in the decoder (`decoderHidden` in the decoder when given), `layers` stacked layers on each side, `cell`,
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

/** Builds a model from a spec (`modelSpec`, or one read back from a checkpoint). */
export function modelFromSpec(spec: ModelSpec): NmtModel {
  switch (spec.arch) {
    case 'rnn':
      return new RnnSeq2Seq(spec.config);
    case 'transformer':
      return new Transformer(spec.config);
    default:
      throw new NmtError(
        `unknown model architecture '${(spec as { arch?: unknown }).arch}'; heed-nmt builds 'rnn' and 'transformer'`,
      );
  }
}

/** Builds the model a flat config describes, sized for the tokenizers' vocabularies. */
export function createModel(config: ModelConfig, sizes: VocabSizes): NmtModel {
  return modelFromSpec(modelSpec(config, sizes));
}

/** The spec of a built model, as a checkpoint stores it. */
export function specOf(arch: NmtConfig['arch'], model: NmtModel): ModelSpec {
  return { arch, config: model.getConfig() } as ModelSpec;
}
