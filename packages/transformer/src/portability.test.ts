import {
  describePortability,
  PORTABILITY_VOCABULARY as V,
} from '../../../tooling/portability-backends';
import { Transformer } from './transformer';

describePortability('Transformer', [
  [
    '1 + 1 layers, width 8, 2 heads',
    () =>
      new Transformer({
        sourceVocabSize: V,
        targetVocabSize: V,
        modelDim: 8,
        heads: 2,
        encoderLayers: 1,
        decoderLayers: 1,
        feedForwardDim: 16,
        maxLength: 16,
        seed: 1,
      }),
  ],
]);
