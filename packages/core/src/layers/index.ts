export { Embedding, type EmbeddingConfig } from './embedding';
export { LayerNorm, type LayerNormConfig } from './layer-norm';
export { Linear, type LinearConfig } from './linear';
