import {
  assertBoolean,
  assertKnownKeys,
  assertOneOf,
  assertPositiveInteger,
  HeedError,
  invalidArgument,
} from '@heed/core';
import type { TrainingBatch } from './batch';
import type { OptimizerConfig } from './create-optimizer';
import type { EvaluateOptions, EvaluationResult } from './evaluate';
import type { ScheduleConfig } from './learning-rate-schedule';
import type { ProgressMode, TextOutput } from './progress';
import type { RunStorage } from './run-storage';
import type { SamplingScheduleConfig } from './scheduled-sampling';
import { SlotOptimizer } from './slot-optimizer';
import type { LossConfig } from './training-loss';
import { DEFAULT_AVERAGE_DECAY, type WeightAverageOptions } from './weight-average';

/** What the trainer evaluates on, how often, and what it watches. */
export interface TrainerEvaluationOptions extends EvaluateOptions {
  /** Validation batches (the loss runs over all of them). */
  batches: readonly TrainingBatch[];
  /**
   * Evaluate after every this many updates (steps counted over the whole run,
   * so a resumed run evaluates at the same steps). Defaults to 1000 unless
   * `everySeconds` is given.
   */
  every?: number;
  /**
   * Instead of `every`: evaluate once this many seconds of training have
   * passed since the last evaluation ended (the evaluation's own time is not
   * counted), and save `last/` after each such evaluation unless
   * `checkpointEvery` is given. For runs bounded by wall-clock time.
   */
  everySeconds?: number;
  /**
   * The metric that picks the best checkpoint, drives early stopping and the
   * `plateau` schedule: `loss` (lower is better) or `bleu`/`chrf` (higher is
   * better; they need `detokenize`). Defaults to `'loss'`.
   */
  monitor?: 'loss' | 'bleu' | 'chrf';
  /** Stop after this many evaluations without improvement. Defaults to never. */
  patience?: number;
}

/** Options of `Trainer`; at least one of `maxSteps`, `maxEpochs`, `maxSeconds` is required. */
export interface TrainerOptions {
  /** An optimiser config or one of heed's optimisers. Defaults to `{ type: 'adam', learningRate: 1e-3 }`. */
  optimizer?: OptimizerConfig | SlotOptimizer;
  /** Learning-rate schedule over the optimiser's rate. Defaults to `{ type: 'constant' }`. */
  schedule?: ScheduleConfig;
  /** Clip gradients to this global norm (TensorFlow `clip_by_global_norm`). Defaults to no clipping. */
  clipNorm?: number;
  /** Defaults to `{ type: 'full' }` (masked cross-entropy, mean over real tokens). */
  loss?: LossConfig;
  /**
   * Keep an exponential moving average of the weights (`WeightAverage`) and
   * evaluate and save checkpoints with it; training goes on with the live
   * weights, which checkpoints keep for resuming. Defaults to no averaging.
   */
  averaging?: WeightAverageOptions;
  /**
   * Scheduled sampling: the probability, per update, of feeding the decoder its
   * own prediction. It reaches the model as `samplingProbability` in the
   * options of `forward` (models that do not support it ignore it). Defaults to
   * teacher forcing throughout.
   */
  scheduledSampling?: SamplingScheduleConfig;
  /** Seeds data order, per-step model seeds and the sampled-softmax sampler. Defaults to 0. */
  seed?: number;
  /** Shuffle a list of batches every epoch. Defaults to true. */
  shuffle?: boolean;
  /** Stop after this many updates in total (resumed runs count earlier ones). */
  maxSteps?: number;
  /** Stop after this many passes over the data. */
  maxEpochs?: number;
  /** Stop after this much training time in total, in seconds. */
  maxSeconds?: number;
  evaluation?: TrainerEvaluationOptions;
  /**
   * Where `metrics.jsonl`, `last/` (the latest checkpoint) and `best/` (the best
   * by the monitored metric) go, under Node. Defaults to
   * `runs/<start time>-seed<seed>`; in a page it only names the run in memory.
   */
  runDirectory?: string;
  /**
   * Where the log and checkpoints go instead. Defaults to the run directory
   * under Node and to a `MemoryRunStorage` in a page.
   */
  storage?: RunStorage;
  /** Save `last/` every this many updates (and at the end). Defaults to `evaluation.every`, else 1000. */
  checkpointEvery?: number;
  /** Defaults to `'auto'`: a progress bar on a TTY (Node), plain lines otherwise. */
  progress?: ProgressMode;
  /** Updates between plain progress lines. Defaults to 100. */
  logEvery?: number;
  /**
   * Also print a plain progress line when this many seconds have passed since
   * the last one, however few updates that was (slow updates on a large
   * corpus). 0 turns it off. Defaults to 30.
   */
  logSeconds?: number;
  /** Where progress goes. Defaults to `process.stderr` under Node, nowhere in a page (use `onStep`). */
  output?: TextOutput;
  /** The vocabulary/tokenizer as JSON, stored in every checkpoint. Defaults to null. */
  vocab?: unknown;
  /** The model's config as stored in checkpoints. Defaults to `model.getConfig()`. */
  modelConfig?: unknown;
  /** Turn SIGINT/SIGTERM into "save a checkpoint and return" (Node). Defaults to true. */
  handleInterrupts?: boolean;
  /** Called after every update. */
  onStep?: (record: StepRecord) => void;
  /** Called after every evaluation. */
  onEvaluation?: (record: EvaluationRecord) => void;
}

/** One update, as logged. */
export interface StepRecord {
  step: number;
  /** 0-based epoch and batch index within it. */
  epoch: number;
  batch: number;
  loss: number;
  /** Global gradient norm before clipping. */
  gradientNorm: number;
  learningRate: number;
  samplingProbability: number;
  /** Real target tokens in the batch. */
  tokens: number;
}

/** One evaluation, as logged. */
export interface EvaluationRecord extends Omit<EvaluationResult, 'hypotheses' | 'references'> {
  step: number;
  seconds: number;
  /** Whether the monitored metric improved (the best checkpoint was updated). */
  improved: boolean;
}

export const TRAINER_OPTION_KEYS = [
  'optimizer',
  'schedule',
  'clipNorm',
  'loss',
  'averaging',
  'scheduledSampling',
  'seed',
  'shuffle',
  'maxSteps',
  'maxEpochs',
  'maxSeconds',
  'evaluation',
  'runDirectory',
  'storage',
  'checkpointEvery',
  'progress',
  'logEvery',
  'logSeconds',
  'output',
  'vocab',
  'modelConfig',
  'handleInterrupts',
  'onStep',
  'onEvaluation',
] as const;

const OWNER = 'Trainer';

/** Checks the options that are not checked where they are used. */
export function validateTrainerOptions(options: TrainerOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw invalidArgument(OWNER, 'options', 'must be an object', options);
  }
  assertKnownKeys(OWNER, options, TRAINER_OPTION_KEYS);
  for (const field of ['maxSteps', 'maxEpochs', 'checkpointEvery', 'logEvery'] as const) {
    if (options[field] !== undefined) assertPositiveInteger(OWNER, field, options[field]);
  }
  if (
    options.logSeconds !== undefined &&
    !(options.logSeconds >= 0 && Number.isFinite(options.logSeconds))
  ) {
    throw invalidArgument(
      OWNER,
      'logSeconds',
      'must be a non-negative finite number',
      options.logSeconds,
    );
  }
  if (options.maxSeconds !== undefined && !(options.maxSeconds > 0)) {
    throw invalidArgument(OWNER, 'maxSeconds', 'must be a positive number', options.maxSeconds);
  }
  if (
    options.maxSteps === undefined &&
    options.maxEpochs === undefined &&
    options.maxSeconds === undefined
  ) {
    throw new HeedError(`${OWNER}: give at least one of maxSteps, maxEpochs or maxSeconds`);
  }
  if (
    options.clipNorm !== undefined &&
    !(options.clipNorm > 0 && Number.isFinite(options.clipNorm))
  ) {
    throw invalidArgument(OWNER, 'clipNorm', 'must be a positive finite number', options.clipNorm);
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed)) {
    throw invalidArgument(OWNER, 'seed', 'must be an integer', options.seed);
  }
  if (options.shuffle !== undefined) assertBoolean(OWNER, 'shuffle', options.shuffle);
  if (options.handleInterrupts !== undefined) {
    assertBoolean(OWNER, 'handleInterrupts', options.handleInterrupts);
  }
  if (options.progress !== undefined) {
    assertOneOf(OWNER, 'progress', options.progress, ['auto', 'bar', 'lines', 'none']);
  }
  if (
    options.optimizer !== undefined &&
    !SlotOptimizer.isSlotOptimizer(options.optimizer) &&
    (typeof options.optimizer !== 'object' ||
      options.optimizer === null ||
      !('type' in options.optimizer))
  ) {
    throw invalidArgument(
      OWNER,
      'optimizer',
      'must be an optimizer config or a SlotOptimizer',
      options.optimizer,
    );
  }
  const evaluation = options.evaluation;
  if (evaluation !== undefined) {
    assertKnownKeys(`${OWNER}.evaluation`, evaluation, [
      'batches',
      'every',
      'everySeconds',
      'monitor',
      'patience',
      'decode',
      'detokenize',
    ]);
    if (!Array.isArray(evaluation.batches) || evaluation.batches.length === 0) {
      throw invalidArgument(
        OWNER,
        'evaluation.batches',
        'must be a non-empty array of batches',
        evaluation.batches,
      );
    }
    if (evaluation.every !== undefined)
      assertPositiveInteger(OWNER, 'evaluation.every', evaluation.every);
    if (evaluation.everySeconds !== undefined) {
      if (evaluation.every !== undefined) {
        throw new HeedError(
          `${OWNER}: give evaluation.every (updates) or evaluation.everySeconds, not both. Received: every=${evaluation.every}, everySeconds=${evaluation.everySeconds}`,
        );
      }
      const seconds = evaluation.everySeconds;
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
        throw invalidArgument(
          OWNER,
          'evaluation.everySeconds',
          'must be a positive number',
          seconds,
        );
      }
    }
    if (evaluation.patience !== undefined) {
      assertPositiveInteger(OWNER, 'evaluation.patience', evaluation.patience);
    }
    const monitor = assertOneOf(OWNER, 'evaluation.monitor', evaluation.monitor ?? 'loss', [
      'loss',
      'bleu',
      'chrf',
    ]);
    if (monitor !== 'loss' && (!evaluation.detokenize || evaluation.decode === false)) {
      throw new HeedError(
        `${OWNER}: evaluation.monitor '${monitor}' needs evaluation.detokenize and decoding (evaluation.decode not false)`,
      );
    }
  }
}

/** The options that are plain data, for config.json and the log. */
export function describeOptions(options: TrainerOptions, optimizer: SlotOptimizer): object {
  const evaluation = options.evaluation;
  return {
    optimizer: { type: optimizer.getClassName(), ...optimizer.getConfig() },
    schedule: options.schedule ?? { type: 'constant' },
    clipNorm: options.clipNorm ?? null,
    loss: typeof options.loss === 'function' ? 'custom' : (options.loss ?? { type: 'full' }),
    averaging: options.averaging
      ? { decay: options.averaging.decay ?? DEFAULT_AVERAGE_DECAY }
      : null,
    scheduledSampling: options.scheduledSampling ?? null,
    seed: options.seed ?? 0,
    shuffle: options.shuffle ?? true,
    maxSteps: options.maxSteps ?? null,
    maxEpochs: options.maxEpochs ?? null,
    maxSeconds: options.maxSeconds ?? null,
    evaluation: evaluation
      ? {
          batches: evaluation.batches.length,
          ...(evaluation.everySeconds === undefined
            ? { every: evaluation.every ?? 1000 }
            : { everySeconds: evaluation.everySeconds }),
          monitor: evaluation.monitor ?? 'loss',
          patience: evaluation.patience ?? null,
          decode: evaluation.detokenize ? (evaluation.decode ?? {}) : false,
        }
      : null,
  };
}
