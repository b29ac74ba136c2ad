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
  | { type: 'linear'; totalSteps: number; warmupSteps?: number; finalFraction?: number }
  /** Lowered when the monitored evaluation metric stalls (PyTorch `ReduceLROnPlateau`). */
  | ({ type: 'plateau' } & PlateauOptions);

export const SCHEDULE_TYPES = ['constant', 'inverse-sqrt', 'noam', 'linear', 'plateau'] as const;

/** The state a checkpoint keeps for a schedule (only `plateau` has any). */
export type ScheduleState = PlateauState | null;

/** A learning-rate schedule, as the trainer uses it. */
export interface LearningRateSchedule {
  /** The rate of update `step` (1-based). */
  rate(step: number): number;
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
    case 'linear': {
      assertKnownKeys(owner, config, ['type', 'totalSteps', 'warmupSteps', 'finalFraction']);
      const total = assertPositiveInteger(owner, 'totalSteps', config.totalSteps);
      const warmup = assertNonNegative(owner, 'warmupSteps', config.warmupSteps ?? 0);
      const final = assertNonNegative(owner, 'finalFraction', config.finalFraction ?? 0);
      if (!Number.isInteger(warmup) || warmup >= total) {
        throw new HeedError(
          `${owner}: warmupSteps must be an integer below totalSteps (${total}). Received: warmupSteps=${warmup}`,
        );
      }
      return stateless((step) => {
        if (step <= warmup) return (baseRate * step) / warmup;
        const remaining = Math.max(0, (total - step) / (total - warmup));
        return baseRate * (final + (1 - final) * remaining);
      });
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

function stateless(rate: (step: number) => number): LearningRateSchedule {
  return {
    rate,
    observe: () => {},
    getState: () => null,
    setState: () => {},
  };
}
