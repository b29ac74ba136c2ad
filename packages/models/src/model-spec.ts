import { formatValue, HeedError, type Module, type Seq2SeqModel } from '@heed/core';
import { RnnSeq2Seq, type RnnSeq2SeqConfig } from '@heed/rnn';
import { Transformer, type TransformerConfig } from '@heed/transformer';

/** A heed translation model: an RNN or a Transformer, both `Seq2SeqModel`s and `Module`s. */
export type TranslationModel = Seq2SeqModel & Module;

/** The architectures a spec names. */
export const ARCHITECTURES = ['rnn', 'transformer'] as const;

/**
 * What rebuilds a model exactly: its architecture and its package's own,
 * complete config (`getConfig()`), so a spec is plain JSON.
 */
export type ModelSpec =
  | { arch: 'rnn'; config: RnnSeq2SeqConfig }
  | { arch: 'transformer'; config: TransformerConfig };

/**
 * Builds the model a spec describes, with freshly initialised weights
 * (`RnnSeq2Seq` or `Transformer`; their constructors check the config).
 *
 * ```ts
 * const model = modelFromSpec({ arch: 'transformer', config: { sourceVocabSize: 20, targetVocabSize: 20 } });
 * ```
 */
export function modelFromSpec(spec: ModelSpec): TranslationModel {
  const arch = (spec as { arch?: unknown } | null)?.arch;
  if (typeof spec?.config !== 'object' || spec.config === null) {
    throw new HeedError(
      `modelFromSpec: spec.config must be an object. Received: config=${formatValue((spec as { config?: unknown } | null)?.config)}`,
    );
  }
  switch (arch) {
    case 'rnn':
      return RnnSeq2Seq.fromConfig(spec.config as RnnSeq2SeqConfig);
    case 'transformer':
      return Transformer.fromConfig(spec.config as TransformerConfig);
    default:
      throw new HeedError(
        `modelFromSpec: arch must be one of ${ARCHITECTURES.map((name) => `'${name}'`).join(', ')}. Received: arch=${formatValue(arch)}`,
      );
  }
}

/** The spec of a built model: what `modelFromSpec` rebuilds it from. */
export function specOf(model: TranslationModel): ModelSpec {
  if (model instanceof RnnSeq2Seq) return { arch: 'rnn', config: model.getConfig() };
  if (model instanceof Transformer) return { arch: 'transformer', config: model.getConfig() };
  throw new HeedError(
    `specOf: the model must be an RnnSeq2Seq or a Transformer. Received: ${model?.constructor?.name ?? typeof model}`,
  );
}
