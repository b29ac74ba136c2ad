import { type ModelSpec, specOf } from '@heed/models';
import { attentionOf, createModel, type RecipeConfig, type VocabSizes } from '@heed/recipe';
import type { CompareConfig } from '../config/compare-config';
import { matchTransformerSize, type TransformerSize } from './match-transformer-size';
import { modelConfig } from './model-config';
import { type ModelName, modelNames, REFERENCE_MODEL } from './model-names';

/** One model of the matrix, ready to build. */
export interface PlannedModel {
  name: ModelName;
  /** Its heed-nmt config (what `heed-nmt train` would be given). */
  config: RecipeConfig;
  /** Its package's config, exactly. */
  spec: ModelSpec;
  parameters: number;
  /** `rnn gru 1×128, embed 64, additive attention (bahdanau), lr 0.01` / `transformer 2+2 layers, d=72, ff 288, 4 heads, lr 0.003`. */
  description: string;
}

/** The models to train, with the Transformer's sizing. */
export interface ModelPlan {
  models: PlannedModel[];
  /** Parameters of the RNN with additive attention, the Transformer's target. */
  referenceParameters: number;
  /** How the Transformer's width was chosen (`matched`) or given (`--transformer-dim`). */
  transformer: TransformerSize & { chosen: 'matched' | 'given' };
}

/**
 * Builds every selected model once to count its parameters (and to fail
 * early on a configuration a model rejects), sizes the Transformer to the
 * RNN with additive attention, and disposes them all again.
 */
export function planModels(
  config: CompareConfig,
  names: readonly ModelName[],
  sizes: VocabSizes,
): ModelPlan {
  const count = (nmtConfig: RecipeConfig) => {
    const model = createModel(nmtConfig, sizes);
    try {
      return { parameters: model.parameterCount(), spec: specOf(model) };
    } finally {
      model.dispose();
    }
  };
  const referenceParameters = count(modelConfig(REFERENCE_MODEL, config, config.heads)).parameters;
  const transformerCount = (dimension: number) =>
    count(modelConfig('transformer', config, dimension)).parameters;
  const transformer =
    config.transformerDim === undefined
      ? {
          ...matchTransformerSize(referenceParameters, config.heads, transformerCount),
          chosen: 'matched' as const,
        }
      : {
          dimension: config.transformerDim,
          parameters: transformerCount(config.transformerDim),
          relativeDifference: 0,
          chosen: 'given' as const,
        };
  if (transformer.chosen === 'given') {
    transformer.relativeDifference = transformer.parameters / referenceParameters - 1;
  }
  const models = modelNames()
    .filter((name) => names.includes(name))
    .map((name) => {
      const nmtConfig = modelConfig(name, config, transformer.dimension);
      const { parameters, spec } = count(nmtConfig);
      return { name, config: nmtConfig, spec, parameters, description: describeModel(nmtConfig) };
    });
  return { models, referenceParameters, transformer };
}

/** The planned model trained with another seed (weights, data order and dropout). */
export function seededModel(planned: PlannedModel, seed: number): PlannedModel {
  return {
    ...planned,
    config: { ...planned.config, seed },
    spec: { ...planned.spec, config: { ...planned.spec.config, seed } } as ModelSpec,
  };
}

/** A one-line description of a model's shape. */
export function describeModel(config: RecipeConfig): string {
  if (config.arch === 'transformer') {
    return `transformer ${config.layers}+${config.layers} layers, d=${config.hidden}, ff ${config.feedForward ?? 4 * config.hidden}, ${config.heads} heads, lr ${config.lr}`;
  }
  const direction = config.bidirectional ? 'bi' : '';
  return `rnn ${direction}${config.cell} ${config.layers}×${config.hidden}, embed ${config.embed}, ${attentionOf(config)} attention (${config.placement}), lr ${config.lr}`;
}
