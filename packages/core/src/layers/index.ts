export { Dense, type DenseConfig, dense } from './dense';
export { Embedding, type EmbeddingConfig } from './embedding';
export { LayerNorm, type LayerNormConfig } from './layer-norm';
export { TorchLinear, type TorchLinearConfig, torchLinear } from './torch-linear';
