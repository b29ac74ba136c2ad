export {
  AdamOptimizer,
  type AdamOptions,
  AdamWOptimizer,
  type AdamWOptions,
} from './adam-optimizer';
export {
  type BatchTensors,
  batchTensors,
  type PackedBatch,
  packBatch,
  type TokenRows,
  type TrainingBatch,
} from './batch';
export { type ClippedTensors, clipByGlobalNorm, globalNorm } from './clip-by-global-norm';
export { createOptimizer, OPTIMIZER_TYPES, type OptimizerConfig } from './create-optimizer';
export type { DataPosition, TrainingData } from './data-order';
export {
  type DecodeEvaluationOptions,
  type EvaluateOptions,
  type EvaluationResult,
  evaluateModel,
} from './evaluate';
export {
  createSchedule,
  type LearningRateSchedule,
  SCHEDULE_TYPES,
  type ScheduleConfig,
  type ScheduleState,
} from './learning-rate-schedule';
export type {
  ProgressBar,
  ProgressBarFactory,
  ProgressFields,
  ProgressMode,
  TextOutput,
} from './progress';
export { type PlateauOptions, type PlateauState, ReduceOnPlateau } from './reduce-on-plateau';
export {
  type CheckpointStore,
  MemoryRunStorage,
  type RunStorage,
} from './run-storage';
export {
  createSamplingSchedule,
  type SamplingSchedule,
  type SamplingScheduleConfig,
} from './scheduled-sampling';
export { SgdOptimizer, type SgdOptions } from './sgd-optimizer';
export { type NamedTensor, SlotOptimizer } from './slot-optimizer';
export { type FitResult, NonFiniteError, type StopReason, Trainer } from './trainer';
export type { InterruptWatch, TrainerHost } from './trainer-host';
export type {
  EvaluationRecord,
  StepRecord,
  TrainerEvaluationOptions,
  TrainerOptions,
} from './trainer-options';
export {
  loadTrainingCheckpoint,
  saveTrainingCheckpoint,
  type TrainingCheckpointConfig,
  type TrainingState,
} from './training-checkpoint';
export type { CustomLoss, LossConfig } from './training-loss';
export {
  DEFAULT_AVERAGE_DECAY,
  WeightAverage,
  type WeightAverageOptions,
} from './weight-average';
