export { AdditiveAttention, type AdditiveAttentionConfig } from './additive-attention';
export { AttentionBase, type AttentionDimensions } from './attention-base';
export { ATTENTION_CONFIG_KEYS, type AttentionConfig } from './config';
export { DotAttention, type DotAttentionConfig } from './dot-attention';
export { GeneralAttention, type GeneralAttentionConfig } from './general-attention';
export { linear } from './linear';
export { NoAttention, type NoAttentionConfig } from './no-attention';
export {
  type AttentionFactory,
  attentionTypes,
  createAttention,
  registerAttention,
} from './registry';
export {
  type AttentionWindow,
  ScoredAttention,
  type ScoredAttentionOptions,
} from './scored-attention';
export { concatKeyFeatures, concatQueryFeatures, dotScores, mlpScores } from './scores';
