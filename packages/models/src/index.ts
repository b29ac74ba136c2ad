export { attentionHeatmap } from './attention-heatmap';
export {
  BUNDLE_FILE,
  BUNDLE_FORMAT,
  BUNDLE_METADATA_KEY,
  BUNDLE_VERSION,
  type Bundle,
  type BundleDtype,
  type BundleHeader,
  type DecodeBundleOptions,
  decodeBundle,
  type EncodeBundleOptions,
  encodeBundle,
} from './bundle';
export { type FetchBundleOptions, fetchBundle } from './fetch-bundle';
export {
  ARCHITECTURES,
  type ModelSpec,
  modelFromSpec,
  specOf,
  type TranslationModel,
} from './model-spec';
export {
  assertTokenizersFit,
  type TokenizerPair,
  type TokenizerPairJSON,
  tokenizersFromJSON,
  tokenizersToJSON,
} from './tokenizer-pair';
export {
  type TranslateOptions,
  type Translation,
  type TranslationHypothesis,
  tokenStrings,
  translate,
} from './translate';
