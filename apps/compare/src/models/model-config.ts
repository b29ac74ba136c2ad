import { type RecipeConfig, resolveConfig } from '@heed/recipe';
import type { CompareConfig } from '../config/compare-config';
import { sharedFields } from '../config/resolve-compare-config';
import type { ModelName } from './model-names';

/**
 * The heed-nmt config of one model of the matrix. Every RNN variant gets the
 * same data, tokenizer, sizes, seed and budget and differs only in
 * `attention`; the Transformer gets `transformerLayers` encoder and decoder
 * layers of width `dimension`, feed-forward 4·d, `heads` heads, and
 * multihead cross-attention.
 */
export function modelConfig(
  name: ModelName,
  config: CompareConfig,
  transformerDim: number,
): RecipeConfig {
  const shared = sharedFields(config);
  if (name === 'transformer') {
    return resolveConfig({
      ...shared,
      arch: 'transformer',
      attention: 'multihead',
      layers: config.transformerLayers,
      hidden: transformerDim,
      feedForward: 4 * transformerDim,
      lr: config.transformerLr ?? config.lr,
    });
  }
  return resolveConfig({ ...shared, arch: 'rnn', attention: name });
}
