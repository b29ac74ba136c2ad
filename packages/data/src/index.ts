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
export {
  type DownloadCorpusOptions,
  type DownloadedCorpus,
  downloadCorpus,
} from './download/download-corpus';
export { DownloadError, type DownloadFailure } from './download/download-error';
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
export { PairReader, type ReaderOptions } from './readers/pair-reader';
export {
  CONTROL_CHARACTER,
  controlCharacterProblem,
  type RawLine,
  type ReadLinesOptions,
  readLines,
} from './readers/read-lines';
export { readMoses } from './readers/read-moses';
export { readTsv, type TsvOptions, type TsvPair } from './readers/read-tsv';
export { SkipReport } from './readers/skip-report';
export type { Corpus, SentencePair } from './types';
