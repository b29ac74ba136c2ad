export { Embedding, type EmbeddingConfig } from './embedding';
export { Linear, type LinearConfig } from './linear';
