// @heed/data as a page gets it: built-in corpora, filters, splits and
// batching. The file readers and the downloader need Node: `@heed/data/node`.
export {
  type Batch,
  type BucketBatchOptions,
  type BucketedBatches,
  bucketBatches,
} from './batching/bucket-batches';
export { type StreamBatchOptions, streamBatches } from './batching/stream-batches';
export {
  type BuiltinCorpusName,
  type BuiltinCorpusOptions,
  builtinCorpusNames,
  loadBuiltinCorpus,
} from './corpora/builtin';
export {
  type AlignedDatePair,
  type DateAlignment,
  generateAlignedDates,
} from './corpora/dates';
export { CorpusError, type CorpusIssue, type CorpusProblem } from './errors';
export {
  byLength,
  countWords,
  filterPairs,
  type LengthFilterOptions,
  type PairPredicate,
  type TokenCounter,
  type UniqueOptions,
  unique,
} from './pipeline/filters';
export { assignSplit, type SplitOptions, type Splits, splitPairs } from './pipeline/split';
export { CONTROL_CHARACTER, controlCharacterProblem } from './readers/control-characters';
export { PairReader, type ReaderOptions } from './readers/pair-reader';
export { SkipReport } from './readers/skip-report';
export type { Corpus, SentencePair } from './types';
