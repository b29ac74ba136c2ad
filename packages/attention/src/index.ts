export {
  AdditiveAttention,
  type AdditiveAttentionConfig,
  additive,
  additiveOptions,
} from './additive-attention';
export {
  type AttendScoresOptions,
  type AttendScoresResult,
  attendScores,
  visibleQueries,
} from './attend-scores';
export { AttentionBase, type VariantConfig } from './attention-base';
export {
  ConcatAttention,
  type ConcatAttentionConfig,
  concat,
  concatOptions,
} from './concat-attention';
export type {
  AttentionConfig,
  AttentionConfigFor,
  AttentionFor,
  AttentionOptions,
  AttentionSpec,
  AttentionType,
  AttentionTypes,
} from './config';
export { DotAttention, type DotAttentionConfig, dot, dotOptions, scaledDot } from './dot-attention';
export {
  GeneralAttention,
  type GeneralAttentionConfig,
  general,
  generalOptions,
} from './general-attention';
export { mergeHeads, splitHeads } from './heads';
export {
  LocalAttention,
  type LocalAttentionConfig,
  type LocalMonotonicOptions,
  type LocalPredictiveOptions,
  type LocalScoreOptions,
  localMonotonic,
  localMonotonicOptions,
  localPredictive,
  localPredictiveOptions,
} from './local-attention';
export {
  MultiheadAttention,
  type MultiheadAttentionConfig,
  multihead,
  multiheadOptions,
} from './multihead-attention';
export { NoAttention, type NoAttentionConfig, none, noOptions } from './no-attention';
export {
  boolean,
  nonEmptyString,
  numberInRange,
  type OptionSchema,
  type OptionSpec,
  type OptionsOf,
  oneOf,
  positiveInteger,
  type ResolvedDimensions,
  type ResolvedOptionsOf,
} from './options';
export {
  attentionOptionSchema,
  attentionTypes,
  attentionVariant,
  BUILT_IN_VARIANTS,
  checkAttentionSpec,
  createAttention,
  type ParseAttentionOptions,
  parseAttentionOptions,
  registerAttention,
  upgradeAttentionSpec,
} from './registry';
export {
  type AttentionWindow,
  ScoredAttention,
  type ScoredSchema,
  type ScoreParts,
  scoredOptions,
} from './scored-attention';
export {
  concatKeyFeatures,
  concatQueryFeatures,
  dotScores,
  type MlpScoresOptions,
  mlpScores,
} from './scores';
export {
  type AttentionDimensions,
  type AttentionVariant,
  defineAttention,
  type VariantLookup,
} from './variant';
