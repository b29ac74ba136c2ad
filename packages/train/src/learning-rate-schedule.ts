import {
  assertKnownKeys,
  assertOneOf,
  assertPositiveInteger,
  HeedError,
  invalidArgument,
} from '@heed/core';
import { assertNonNegative } from './adam-optimizer';
import {
  PLATEAU_KEYS,
  type PlateauOptions,
  type PlateauState,
  ReduceOnPlateau,
} from './reduce-on-plateau';

/**
 * A learning-rate schedule by name. Every schedule but `noam` scales the
 * optimiser's own learning rate (the peak rate for warm-up schedules).
 * Steps are 1-based: `rate(1)` is the rate of the first update.
 *
 * `linear` and `cosine` decay over `totalSteps` updates or, for a run bounded
 * by time, over `totalSeconds` of training (give exactly one): after the
 * linear warm-up, the decay's progress is `(step − warmupSteps) /
 * (totalSteps − warmupSteps)` or `seconds / totalSeconds`, clamped to 1.
 */
export type ScheduleConfig =
  /** The optimiser's rate throughout. */
  | { type: 'constant' }
  /** Linear warm-up to the peak over `warmupSteps`, then `peak·√(warmupSteps/step)` (fairseq `inverse_sqrt`). */
  | { type: 'inverse-sqrt'; warmupSteps: number }
  /**
   * Vaswani et al. (2017): `factor·modelDim^−0.5·min(step^−0.5, step·warmupSteps^−1.5)`,
   * an absolute rate (the optimiser's own rate is ignored). `factor` defaults to 1.
   */
  | { type: 'noam'; modelDim: number; warmupSteps: number; factor?: number }
  /**
   * Linear warm-up to the peak over `warmupSteps` (default 0), then linear decay to
   * `peak·finalFraction` (default 0) at `totalSteps`, constant after. The rate of update s
   * is Hugging Face `get_linear_schedule_with_warmup`'s λ(s)·peak.
   */
  | ({ type: 'linear' } & DecayOptions)
  /**
   * Linear warm-up as `linear`, then half a cosine from the peak to
   * `peak·finalFraction`: `peak·(f + (1 − f)·(1 + cos(π·progress))/2)`, Hugging
   * Face `get_cosine_schedule_with_warmup` (and SGDR without restarts).
   */
  | ({ type: 'cosine' } & DecayOptions)
  /** Lowered when the monitored evaluation metric stalls (PyTorch `ReduceLROnPlateau`). */
  | ({ type: 'plateau' } & PlateauOptions);

/** How a `linear` or `cosine` schedule decays: over `totalSteps` or `totalSeconds`. */
export interface DecayOptions {
  /** Updates at which the decay ends. Give this or `totalSeconds`. */
  totalSteps?: number;
  /** Seconds of training (a resumed run counts its earlier seconds) at which the decay ends. */
  totalSeconds?: number;
  /** Updates of linear warm-up from 0 to the peak. Defaults to 0. */
  warmupSteps?: number;
  /** The final rate as a fraction of the peak. Defaults to 0. */
  finalFraction?: number;
}

export const SCHEDULE_TYPES = [
  'constant',
  'inverse-sqrt',
  'noam',
  'linear',
  'cosine',
  'plateau',
] as const;

/** The state a checkpoint keeps for a schedule (only `plateau` has any). */
export type ScheduleState = PlateauState | null;

/** A learning-rate schedule, as the trainer uses it. */
export interface LearningRateSchedule {
  /**
   * The rate of update `step` (1-based), `seconds` into training (read only by
   * schedules that decay over `totalSeconds`; defaults to 0).
   */
  rate(step: number, seconds?: number): number;
  /** Feeds an evaluation's monitored metric (only `plateau` reacts). */
  observe(value: number): void;
  getState(): ScheduleState;
  setState(state: ScheduleState): void;
}

/**
 * Builds a schedule.
 * @param baseRate the optimiser's learning rate: the constant, peak or initial rate.
 */
export function createSchedule(config: ScheduleConfig, baseRate: number): LearningRateSchedule {
  const owner = 'createSchedule';
  if (typeof config !== 'object' || config === null) {
    throw invalidArgument(owner, 'config', 'must be an object', config);
  }
  const type = assertOneOf(owner, 'type', config.type, SCHEDULE_TYPES);
  switch (config.type) {
    case 'constant':
      assertKnownKeys(owner, config, ['type']);
      return stateless(() => baseRate);
    case 'inverse-sqrt': {
      assertKnownKeys(owner, config, ['type', 'warmupSteps']);
      const warmup = assertPositiveInteger(owner, 'warmupSteps', config.warmupSteps);
      return stateless((step) => baseRate * Math.min(step / warmup, Math.sqrt(warmup / step)));
    }
    case 'noam': {
      assertKnownKeys(owner, config, ['type', 'modelDim', 'warmupSteps', 'factor']);
      const modelDim = assertPositiveInteger(owner, 'modelDim', config.modelDim);
      const warmup = assertPositiveInteger(owner, 'warmupSteps', config.warmupSteps);
      const factor = assertNonNegative(owner, 'factor', config.factor ?? 1);
      return stateless(
        (step) => factor * modelDim ** -0.5 * Math.min(step ** -0.5, step * warmup ** -1.5),
      );
    }
    case 'linear':
    case 'cosine': {
      const shape =
        config.type === 'linear'
          ? (progress: number) => 1 - progress
          : (progress: number) => (1 + Math.cos(Math.PI * progress)) / 2;
      return decaying(owner, config, baseRate, shape);
    }
    case 'plateau': {
      const { type: _, ...options } = config;
      assertKnownKeys(owner, options, PLATEAU_KEYS);
      const plateau = new ReduceOnPlateau(baseRate, options);
      return {
        rate: () => plateau.rate,
        observe: (value) => {
          plateau.observe(value);
        },
        getState: () => plateau.getState(),
        setState: (state) => {
          if (state) plateau.setState(state);
        },
      };
    }
    default:
      throw invalidArgument(owner, 'type', 'is not a known schedule', type);
  }
}

/** A linear warm-up, then `shape(progress)` from 1 down to 0, scaled to run from the peak to `peak·finalFraction`. */
function decaying(
  owner: string,
  config: DecayOptions,
  baseRate: number,
  shape: (progress: number) => number,
): LearningRateSchedule {
  assertKnownKeys(owner, config, [
    'type',
    'totalSteps',
    'totalSeconds',
    'warmupSteps',
    'finalFraction',
  ]);
  if ((config.totalSteps === undefined) === (config.totalSeconds === undefined)) {
    throw new HeedError(
      `${owner}: give exactly one of totalSteps and totalSeconds. Received: totalSteps=${config.totalSteps}, totalSeconds=${config.totalSeconds}`,
    );
  }
  const warmup = assertNonNegative(owner, 'warmupSteps', config.warmupSteps ?? 0);
  const final = assertNonNegative(owner, 'finalFraction', config.finalFraction ?? 0);
  if (!Number.isInteger(warmup)) {
    throw invalidArgument(owner, 'warmupSteps', 'must be an integer', warmup);
  }
  const scaled = (progress: number) =>
    baseRate * (final + (1 - final) * shape(Math.min(1, Math.max(0, progress))));
  if (config.totalSeconds !== undefined) {
    const totalSeconds = config.totalSeconds;
    if (typeof totalSeconds !== 'number' || !(totalSeconds > 0) || !Number.isFinite(totalSeconds)) {
      throw invalidArgument(owner, 'totalSeconds', 'must be a positive number', totalSeconds);
    }
    return stateless(
      (step, seconds = 0) =>
        Math.min(1, warmup === 0 ? 1 : step / warmup) * scaled(seconds / totalSeconds),
    );
  }
  const total = assertPositiveInteger(owner, 'totalSteps', config.totalSteps);
  if (warmup >= total) {
    throw new HeedError(
      `${owner}: warmupSteps must be an integer below totalSteps (${total}). Received: warmupSteps=${warmup}`,
    );
  }
  return stateless((step) =>
    step <= warmup ? (baseRate * step) / warmup : scaled((step - warmup) / (total - warmup)),
  );
}

function stateless(rate: (step: number, seconds?: number) => number): LearningRateSchedule {
  return {
    rate,
    observe: () => {},
    getState: () => null,
    setState: () => {},
  };
}
