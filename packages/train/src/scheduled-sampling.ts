import {
  assertInRange,
  assertKnownKeys,
  assertOneOf,
  assertPositiveInteger,
  invalidArgument,
} from '@heed/core';

/**
 * How often the decoder is fed its own prediction instead of the reference
 * token during training (scheduled sampling, Bengio et al. 2015). The value is
 * the *sampling* probability, 1 − ε in the paper's terms; 0 is teacher forcing.
 */
export type SamplingScheduleConfig =
  /** A fixed probability. */
  | { type: 'constant'; probability: number }
  /** From `start` (default 0) to `end` linearly over `steps` updates, constant after. */
  | { type: 'linear'; end: number; steps: number; start?: number }
  /** `1 − k/(k + exp(step/k))`, the paper's inverse sigmoid decay of ε; k ≥ 1. */
  | { type: 'inverse-sigmoid'; k: number }
  /** `1 − kˢᵗᵉᵖ`, the paper's exponential decay of ε; 0 < k < 1. */
  | { type: 'exponential'; k: number };

/** The sampling probability of update `step` (1-based). */
export type SamplingSchedule = (step: number) => number;

/** Builds a scheduled-sampling schedule. */
export function createSamplingSchedule(config: SamplingScheduleConfig): SamplingSchedule {
  const owner = 'createSamplingSchedule';
  if (typeof config !== 'object' || config === null) {
    throw invalidArgument(owner, 'config', 'must be an object', config);
  }
  assertOneOf(owner, 'type', config.type, ['constant', 'linear', 'inverse-sigmoid', 'exponential']);
  switch (config.type) {
    case 'constant': {
      assertKnownKeys(owner, config, ['type', 'probability']);
      const probability = assertInRange(owner, 'probability', config.probability, 0, 1);
      return () => probability;
    }
    case 'linear': {
      assertKnownKeys(owner, config, ['type', 'end', 'steps', 'start']);
      const start = assertInRange(owner, 'start', config.start ?? 0, 0, 1);
      const end = assertInRange(owner, 'end', config.end, 0, 1);
      const steps = assertPositiveInteger(owner, 'steps', config.steps);
      return (step) => start + (end - start) * Math.min(1, step / steps);
    }
    case 'inverse-sigmoid': {
      assertKnownKeys(owner, config, ['type', 'k']);
      const k = assertInRange(owner, 'k', config.k, 1, Number.MAX_VALUE);
      return (step) => 1 - k / (k + Math.exp(step / k));
    }
    case 'exponential': {
      assertKnownKeys(owner, config, ['type', 'k']);
      const k = assertInRange(owner, 'k', config.k, Number.MIN_VALUE, 1 - Number.EPSILON);
      return (step) => 1 - k ** step;
    }
  }
}
