export {
  AttentionLayer,
  type AttentionLayerArgs,
  type LayerArgs,
  splitLayerInputs,
} from './attention-layer';
export { ParameterWeight } from './parameter-weight';
