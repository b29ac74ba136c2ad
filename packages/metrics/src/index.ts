export {
  type AccuracyOptions,
  sequenceAccuracy,
  type TokenAccuracy,
  type TokenIds,
  tokenAccuracy,
} from './accuracy';
export {
  type AlignedSentence,
  type AlignmentLink,
  type AlignmentScores,
  alignmentErrorRate,
  attentionAlignment,
} from './attention/alignment-error-rate';
export {
  type AttentionSharpness,
  type AttentionWeights,
  attentionEntropy,
} from './attention/attention-entropy';
export {
  type BleuOptions,
  bleuMetric,
  closestReferenceLength,
  corpusBleu,
  sentenceBleu,
} from './bleu/bleu';
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
  chrfMetric,
  corpusChrf,
  sentenceChrf,
} from './chrf';
export type { CorpusMetric } from './corpus-metric';
export { MetricsError } from './errors';
export { perplexity, perplexityFromMeanLoss } from './perplexity';
export type { ReferenceLine, ReferenceStreams } from './references';
export { SACREBLEU_VERSION } from './signature';
export { bootstrapIndices, DEFAULT_BOOTSTRAP_SEED } from './significance/bootstrap-indices';
export {
  type BootstrapScore,
  type PairedBootstrapOptions,
  pairedBootstrap,
  pairedBootstrapFromStatistics,
  type SystemStatistics,
} from './significance/paired-bootstrap';
export {
  BLEU_TOKENIZERS,
  type BleuTokenizerName,
  tokenize13a,
  tokenizeIntl,
  tokenizeRegexp,
} from './tokenizers/index';
