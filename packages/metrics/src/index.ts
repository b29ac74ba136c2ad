export {
  type AccuracyOptions,
  sequenceAccuracy,
  type TokenAccuracy,
  type TokenIds,
  tokenAccuracy,
} from './accuracy';
export { type BleuOptions, closestReferenceLength, corpusBleu, sentenceBleu } from './bleu/bleu';
export {
  type BleuResult,
  type BleuStatistics,
  type ComputeBleuOptions,
  computeBleu,
  SMOOTH_DEFAULTS,
  type SmoothMethod,
} from './bleu/compute-bleu';
export {
  type ChrfOptions,
  type ChrfResult,
  chrfFromStatistics,
  corpusChrf,
  sentenceChrf,
} from './chrf';
export { MetricsError } from './errors';
export { perplexity, perplexityFromMeanLoss } from './perplexity';
export type { ReferenceLine, ReferenceStreams } from './references';
export { SACREBLEU_VERSION } from './signature';
export {
  BLEU_TOKENIZERS,
  type BleuTokenizerName,
  tokenize13a,
  tokenizeIntl,
  tokenizeRegexp,
} from './tokenizers/index';
