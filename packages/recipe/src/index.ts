// @heed/recipe as a page gets it: the config, its validation, and what it
// builds (model spec, tokenizers, batches, Trainer options). Reading data,
// checkpoints and config files needs Node: `@heed/recipe/node`.
export {
  attentionSpec,
  createModel,
  type ModelConfig,
  modelSpec,
  type VocabSizes,
} from './create-model';
export {
  normalizerSteps,
  trainTokenizer,
  trainTokenizers,
} from './create-tokenizer';
export {
  type DataSource,
  dataSourceFromConfig,
  describeDataSource,
  parseDataOption,
} from './data/data-source';
export {
  type EncodedPairs,
  encodePairs,
  type MakeBatchesOptions,
  makeBatches,
} from './data/encode-pairs';
export {
  describeOov,
  OOV_WARNING_SHARE,
  type OovRate,
  oovRate,
} from './data/oov-rate';
export {
  DATA_SEED,
  type DataConfig,
  describeDropped,
  type PrepareDataOptions,
  type PreparedData,
} from './data/prepared-data';
export {
  DURATION_WITH_UNIT,
  parseDuration,
} from './duration';
export { RecipeError } from './errors';
export {
  dropoutRate,
  encoderIsBidirectional,
  isLongRun,
  type LongRunModelConfig,
  type RunLimits,
} from './long-run';
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  modelRecord,
  type RecipeCheckpointConfig,
  type RecipeModelRecord,
} from './model-record';
export {
  ARCHITECTURE_KEYS,
  ARCHITECTURES,
  AUTO_COSINE_WARMUP,
  attentionOf,
  BACKEND_NAMES,
  type BackendName,
  CELLS,
  CONFIG_KEYS,
  camelCase,
  DEFAULT_CONFIG,
  DEFAULT_DROPOUT,
  DEFAULT_WARMUP,
  flagName,
  LONG_RUN_DROPOUT,
  LONG_RUN_FROM,
  LOSSES,
  PLACEMENTS,
  type RecipeConfig,
  SAMPLED_FROM,
  SCHEDULES,
  TOKENIZER_KINDS,
} from './recipe-config';
export {
  assertAttentionType,
  resolveConfig,
  validateConfig,
} from './resolve-config';
export {
  DEFAULT_EPOCHS,
  evaluationInterval,
  type LearningRateSchedule,
  learningRateSchedule,
  type TrainerOptionsInput,
  trainerOptions,
  trainingLoss,
} from './trainer-options';
