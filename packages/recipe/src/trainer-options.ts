import { type ModelSpec, tokenizersToJSON } from '@heed/models';
import type { ScheduleConfig, TrainerOptions } from '@heed/train';
import type { PreparedData } from './data/prepared-data';
import { parseDuration } from './duration';
import { RecipeError } from './errors';
import { isLongRun, type RunLimits } from './long-run';
import { modelRecord } from './model-record';
import {
  AUTO_COSINE_WARMUP,
  DEFAULT_WARMUP,
  type RecipeConfig,
  SAMPLED_FROM,
} from './recipe-config';

/** Epochs trained when none of `epochs`, `steps` and `time` is given. */
export const DEFAULT_EPOCHS = 10;

/** What `trainerOptions` needs besides the config. */
export interface TrainerOptionsInput {
  data: PreparedData;
  spec: ModelSpec;
  /** Where metrics.jsonl, last/ and best/ go. */
  runDirectory: string;
  /** Defaults to `'auto'`. */
  progress?: TrainerOptions['progress'];
  /** Seconds between progress lines (besides every 100 updates); 0 turns it off. Defaults to 30. */
  progressSeconds?: number;
  /** Defaults to `process.stderr`. */
  output?: TrainerOptions['output'];
}

/**
 * Translates the flat config into `@heed/train` Trainer options: Adam at `lr`
 * with the named schedule, global-norm clipping, the full or sampled loss,
 * step/epoch/time limits, evaluation on the validation batches every
 * `evalEvery` updates or seconds of training (loss, perplexity, greedy BLEU/chrF on `evalSentences`
 * sentences; `best/` by validation loss), and the tokenizers and recipe
 * model record stored in every checkpoint.
 */
export function trainerOptions(config: RecipeConfig, input: TrainerOptionsInput): TrainerOptions {
  const { data } = input;
  const limits =
    config.epochs === undefined && config.steps === undefined && config.time === undefined
      ? { maxEpochs: DEFAULT_EPOCHS }
      : {
          ...(config.epochs === undefined ? {} : { maxEpochs: config.epochs }),
          ...(config.steps === undefined ? {} : { maxSteps: config.steps }),
          ...(config.time === undefined ? {} : { maxSeconds: config.time }),
        };
  const target = data.tokenizers.target;
  const loss = trainingLoss(config, target.vocab.size);
  if (loss === 'sampled' && config.numSampled >= target.vocab.size) {
    throw new RecipeError(
      `config: numSampled (--num-sampled) must be less than the target vocabulary size (${target.vocab.size}). Received: numSampled=${config.numSampled}`,
    );
  }
  const evalEvery = evaluationInterval(config);
  return {
    optimizer: { type: 'adam', learningRate: config.lr },
    schedule: scheduleConfig(config, data, limits),
    ...(config.clipNorm > 0 ? { clipNorm: config.clipNorm } : {}),
    loss:
      loss === 'sampled'
        ? { type: 'sampled', numSampled: config.numSampled }
        : { type: 'full', labelSmoothing: config.labelSmoothing },
    ...(config.averageDecay > 0 ? { averaging: { decay: config.averageDecay } } : {}),
    seed: config.seed,
    ...limits,
    ...(data.validationBatches.length > 0
      ? {
          evaluation: {
            batches: data.validationSampleBatches ?? data.validationBatches,
            ...evalEvery,
            monitor: 'loss' as const,
            decode: { sentences: config.evalSentences },
            detokenize: (ids: readonly number[]) => target.decode(ids, { skipSpecial: true }),
          },
        }
      : {}),
    runDirectory: input.runDirectory,
    // Updates between saves of last/; with a duration, the trainer saves after each evaluation.
    ...('every' in evalEvery ? { checkpointEvery: evalEvery.every } : {}),
    progress: input.progress ?? 'auto',
    ...(input.progressSeconds === undefined ? {} : { logSeconds: input.progressSeconds }),
    ...(input.output ? { output: input.output } : {}),
    vocab: tokenizersToJSON(data.tokenizers),
    modelConfig: modelRecord(input.spec, config),
  };
}

/**
 * The loss a run trains with: `loss` itself, or for `'auto'` sampled softmax
 * when the target vocabulary has more than `SAMPLED_FROM` × `numSampled`
 * words and no label smoothing is asked for (the full softmax otherwise).
 * On Multi30k (8,000 target words) sampling 512 makes the output layer ~16×
 * cheaper per update, which a time-limited run turns into updates.
 */
export function trainingLoss(
  config: Pick<RecipeConfig, 'loss' | 'numSampled' | 'labelSmoothing'>,
  targetVocabSize: number,
): 'full' | 'sampled' {
  if (config.loss !== 'auto') return config.loss;
  return config.labelSmoothing === 0 && targetVocabSize > SAMPLED_FROM * config.numSampled
    ? 'sampled'
    : 'full';
}

/**
 * How often a run evaluates: `evalEvery` itself (updates, or a duration), or
 * for `'auto'` a fifth of `time` in a time-limited run (so a short budget
 * spends little on evaluation and still logs a curve), 500 updates otherwise.
 */
export function evaluationInterval(
  config: Pick<RecipeConfig, 'evalEvery' | 'time'>,
): { every: number } | { everySeconds: number } {
  const { evalEvery, time } = config;
  if (evalEvery === 'auto') {
    return time === undefined
      ? { every: 500 }
      : { everySeconds: Math.max(1, Math.round(time / 5)) };
  }
  return typeof evalEvery === 'number'
    ? { every: evalEvery }
    : { everySeconds: parseDuration(evalEvery) };
}

/** A schedule's name, none of them `auto`, and its warm-up updates. */
export interface LearningRateSchedule {
  name: ScheduleConfig['type'];
  warmup: number;
}

/**
 * The schedule a run trains with: `schedule` itself, or for `'auto'` a
 * cosine decay over `time` for a long run (`isLongRun`; on Multi30k, 60
 * minutes on one core: test BLEU 29.39 against 28.52 for the constant rate's
 * best model), else the constant rate (10 minutes on `builtin:en-es-grammar`:
 * 6.53 against 1.01 for cosine). Warm-up is `warmup`, else
 * `AUTO_COSINE_WARMUP` for the auto cosine and `DEFAULT_WARMUP` for the rest.
 */
export function learningRateSchedule(
  config: Pick<RecipeConfig, 'schedule' | 'warmup'> & RunLimits,
): LearningRateSchedule {
  if (config.schedule !== 'auto') {
    return { name: config.schedule, warmup: config.warmup ?? DEFAULT_WARMUP };
  }
  return isLongRun(config)
    ? { name: 'cosine', warmup: config.warmup ?? AUTO_COSINE_WARMUP }
    : { name: 'constant', warmup: config.warmup ?? DEFAULT_WARMUP };
}

function scheduleConfig(
  config: RecipeConfig,
  data: PreparedData,
  limits: { maxEpochs?: number; maxSteps?: number; maxSeconds?: number },
): ScheduleConfig {
  const { name, warmup } = learningRateSchedule(config);
  switch (name) {
    case 'constant':
      return { type: 'constant' };
    case 'inverse-sqrt':
      return { type: 'inverse-sqrt', warmupSteps: warmup };
    case 'noam':
      return { type: 'noam', modelDim: config.hidden, warmupSteps: warmup };
    case 'plateau':
      return { type: 'plateau' };
    case 'linear':
    case 'cosine': {
      const byEpochs =
        limits.maxEpochs === undefined ? undefined : limits.maxEpochs * data.trainingData(0).length;
      const totalSteps = Math.min(limits.maxSteps ?? Infinity, byEpochs ?? Infinity);
      if (Number.isFinite(totalSteps)) {
        return {
          type: name,
          totalSteps,
          warmupSteps: Math.min(warmup, Math.max(0, totalSteps - 1)),
        };
      }
      if (limits.maxSeconds !== undefined) {
        return { type: name, totalSeconds: limits.maxSeconds, warmupSteps: warmup };
      }
      throw new RecipeError(
        `config: the ${name} schedule needs --steps, --epochs or --time to know where it ends`,
      );
    }
  }
}
