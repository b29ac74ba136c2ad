export { AdditiveAttention, type AdditiveAttentionArgs } from './additive-attention';
export {
  AttentionLayer,
  type AttentionLayerArgs,
  type LayerArgs,
  type LayerInputs,
  type LayerShapes,
  splitLayerInputs,
} from './attention-layer';
export { LuongAttention, type LuongAttentionArgs, type LuongScore } from './luong-attention';
export { MultiHeadAttention, type MultiHeadAttentionArgs } from './multi-head-attention';
