export { type BeamSearchOptions, type BeamSearchResult, beamSearch } from './beam-search';
export type { DecodeResult } from './decode-result';
export { EARLY_STOPPING_RULES, type EarlyStopping } from './early-stopping';
export { type FilteredLogits, type FilterLogitsOptions, filterLogits } from './filter-logits';
export { greedyDecode } from './greedy-decode';
export type { DecodeOptions } from './options';
export { COVERAGE_FLOOR, coveragePenalty, lengthPenalty } from './penalties';
export type { Hypothesis } from './rank-hypotheses';
export { type SampleOptions, sample } from './sample';
