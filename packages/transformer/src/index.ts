export {
  type ResolvedTransformerConfig,
  resolveTransformerConfig,
  type TransformerConfig,
} from './config';
export { PositionalEncoding, sinusoidalTable } from './positional-encoding';
export { Transformer } from './transformer';
