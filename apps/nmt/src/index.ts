export { type SelectedBackend, selectBackend } from './backend';
export {
  assertCompatibleConfig,
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type LoadedCheckpoint,
  loadTranslationCheckpoint,
  modelRecord,
  type NmtCheckpointConfig,
  type NmtModelRecord,
  readCheckpointConfig,
  resolveCheckpointDirectory,
} from './checkpoint/nmt-checkpoint';
export {
  assertFreshRunDirectory,
  heedEntries,
  recoverRunDirectory,
} from './checkpoint/run-directory';
export {
  addConfigOptions,
  BACKEND_OPTIONS,
  type ConfigOption,
  configFromFlags,
  DATA_OPTIONS,
  nmtConfigOption,
  TRAIN_OPTIONS,
} from './cli/config-options';
export { SignalRecorder } from './cli/interrupts';
export * as flagParsers from './cli/parse';
export { createProgram } from './cli/program';
export { runCli } from './cli/run-cli';
export { readConfigFile } from './config/config-file';
export { parseDuration } from './config/duration';
export {
  ARCHITECTURE_KEYS,
  attentionOf,
  BACKEND_NAMES,
  type BackendName,
  CONFIG_KEYS,
  DEFAULT_CONFIG,
  type NmtConfig,
} from './config/nmt-config';
export { assertAttentionType, resolveConfig, validateConfig } from './config/resolve-config';
export {
  type DataSource,
  dataSourceFromConfig,
  describeDataSource,
  type LoadPairsOptions,
  loadPairs,
  parseDataOption,
} from './data/data-source';
export {
  DATA_SEED,
  type DataConfig,
  type EncodedPairs,
  encodePairs,
  loadSplits,
  type MakeBatchesOptions,
  makeBatches,
  type PrepareDataOptions,
  type PreparedData,
  prepareData,
} from './data/prepare-data';
export {
  errorLine,
  InterruptedError,
  type InterruptSignal,
  NmtError,
  SIGNAL_EXIT_CODES,
} from './errors';
export {
  type EvaluateTranslationsOptions,
  type EvaluationReport,
  evaluateTranslations,
} from './evaluation/evaluate-translations';
export {
  type EvaluationEntry,
  readTrainingHistory,
  type TrainingHistory,
} from './history/training-history';
export {
  attentionSpec,
  createModel,
  type ModelConfig,
  modelSpec,
  type VocabSizes,
} from './model/create-model';
export {
  normalizerSteps,
  trainTokenizer,
  trainTokenizers,
} from './tokenizers/create-tokenizer';
export {
  DEFAULT_EPOCHS,
  evaluationInterval,
  type TrainerOptionsInput,
  trainerOptions,
  trainingLoss,
} from './training/trainer-options';
export {
  attentionHeatmap,
  type HeatmapFormat,
  type WriteHeatmapsOptions,
  writeHeatmaps,
} from './visualization/heatmaps';
