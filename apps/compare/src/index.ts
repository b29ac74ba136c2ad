export { type CommandOutput, createProgram } from './cli/program';
export { runCli } from './cli/run-cli';
export {
  COMPARE_DEFAULTS,
  CONFIG_FIELDS,
  type CompareConfig,
} from './config/compare-config';
export {
  DEFAULT_PRESET,
  PRESET_NAMES,
  PRESETS,
  type Preset,
  type PresetName,
} from './config/presets';
export { resolveCompareConfig, validateCompareConfig } from './config/resolve-compare-config';
export { CompareError } from './errors';
export { matchTransformerSize, type TransformerSize } from './models/match-transformer-size';
export { modelConfig } from './models/model-config';
export { type ModelName, modelNames, parseModels, REFERENCE_MODEL } from './models/model-names';
export { describeModel, type ModelPlan, type PlannedModel, planModels } from './models/plan-models';
export { attentionChart, bleuByLengthChart } from './output/charts';
export {
  bucketTable,
  markdownTable,
  resultsMarkdown,
  resultsTable,
} from './output/markdown-tables';
export { reportInput } from './output/report';
export { type Comparison, type RunComparisonOptions, runComparison } from './run/comparison';
export { bleuByLength, bucketIndex, type LengthBucket, lengthBuckets } from './run/length-buckets';
export type {
  AttentionMap,
  BucketScore,
  DecodeScores,
  ModelResult,
  TrainingSummary,
} from './run/model-result';
export { OutputDirectory } from './run/output-directory';
export { type RunCurves, readCurves } from './run/read-curves';
export { type TestSet, testModel, testSet } from './run/test-model';
export { type TrainModelOptions, trainModel } from './run/train-model';
