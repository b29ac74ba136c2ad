export { AdditiveAttention, type AdditiveAttentionConfig } from './additive-attention';
export {
  type AttendScoresOptions,
  type AttendScoresResult,
  attendScores,
  visibleQueries,
} from './attend-scores';
export { AttentionBase, type AttentionDimensions } from './attention-base';
export { ConcatAttention, type ConcatAttentionConfig } from './concat-attention';
export { ATTENTION_CONFIG_KEYS, type AttentionConfig } from './config';
export { DotAttention, type DotAttentionConfig } from './dot-attention';
export { GeneralAttention, type GeneralAttentionConfig } from './general-attention';
export { mergeHeads, splitHeads } from './heads';
export { LocalAttention, type LocalAttentionConfig, type LocalScore } from './local-attention';
export { MultiheadAttention, type MultiheadAttentionConfig } from './multihead-attention';
export { NoAttention, type NoAttentionConfig } from './no-attention';
export {
  type AttentionClasses,
  type AttentionFactory,
  type AttentionFor,
  attentionTypes,
  createAttention,
  registerAttention,
} from './registry';
export {
  type AttentionWindow,
  ScoredAttention,
  type ScoredAttentionOptions,
} from './scored-attention';
export {
  concatKeyFeatures,
  concatQueryFeatures,
  dotScores,
  type MlpScoresOptions,
  mlpScores,
} from './scores';
