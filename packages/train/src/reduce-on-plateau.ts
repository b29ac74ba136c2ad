import { assertInRange, assertKnownKeys, assertNonNegativeInteger, assertOneOf } from '@heed/core';
import { assertNonNegative } from './adam-optimizer';

/** Options of the `plateau` schedule (PyTorch's `ReduceLROnPlateau`, `threshold_mode='rel'`). */
export interface PlateauOptions {
  /** `min` for a loss, `max` for BLEU or chrF. Defaults to `'min'`. */
  mode?: 'min' | 'max';
  /** The rate is multiplied by it on a plateau. Defaults to 0.1. */
  factor?: number;
  /** Evaluations without improvement tolerated before reducing. Defaults to 10. */
  patience?: number;
  /** Relative change that counts as an improvement. Defaults to 1e-4. */
  threshold?: number;
  /** Evaluations to wait after a reduction before counting again. Defaults to 0. */
  cooldown?: number;
  /** The rate never goes below it. Defaults to 0. */
  minLearningRate?: number;
}

/** The plateau schedule's state, as saved in a checkpoint. */
export interface PlateauState {
  rate: number;
  /** The best value seen; null before the first evaluation. */
  best: number | null;
  badEvaluations: number;
  cooldownLeft: number;
}

export const PLATEAU_KEYS = [
  'mode',
  'factor',
  'patience',
  'threshold',
  'cooldown',
  'minLearningRate',
] as const;

/**
 * Lowers the learning rate when an evaluation metric stops improving, step for
 * step as `torch.optim.lr_scheduler.ReduceLROnPlateau` does: after more than
 * `patience` evaluations without a relative improvement of `threshold`, the
 * rate becomes `max(rate·factor, minLearningRate)` and `cooldown` evaluations
 * pass before bad ones count again.
 */
export class ReduceOnPlateau {
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly cooldown: number;
  readonly minLearningRate: number;
  #state: PlateauState;

  constructor(initialRate: number, options: PlateauOptions = {}) {
    const owner = 'ReduceOnPlateau';
    assertKnownKeys(owner, options, PLATEAU_KEYS);
    this.mode = assertOneOf(owner, 'mode', options.mode ?? 'min', ['min', 'max'] as const);
    this.factor = assertInRange(owner, 'factor', options.factor ?? 0.1, 0, 0.999999);
    this.patience = assertNonNegativeInteger(owner, 'patience', options.patience ?? 10);
    this.threshold = assertNonNegative(owner, 'threshold', options.threshold ?? 1e-4);
    this.cooldown = assertNonNegativeInteger(owner, 'cooldown', options.cooldown ?? 0);
    this.minLearningRate = assertNonNegative(
      owner,
      'minLearningRate',
      options.minLearningRate ?? 0,
    );
    this.#state = { rate: initialRate, best: null, badEvaluations: 0, cooldownLeft: 0 };
  }

  /** The current rate. */
  get rate(): number {
    return this.#state.rate;
  }

  /** Feeds one evaluation's metric; returns the (possibly lowered) rate. */
  observe(value: number): number {
    const state = this.#state;
    if (this.#isBetter(value)) {
      state.best = value;
      state.badEvaluations = 0;
    } else {
      state.badEvaluations++;
    }
    if (state.cooldownLeft > 0) {
      state.cooldownLeft--;
      state.badEvaluations = 0;
    }
    if (state.badEvaluations > this.patience) {
      const reduced = Math.max(state.rate * this.factor, this.minLearningRate);
      if (state.rate - reduced > 1e-8) state.rate = reduced;
      state.cooldownLeft = this.cooldown;
      state.badEvaluations = 0;
    }
    return state.rate;
  }

  getState(): PlateauState {
    return { ...this.#state };
  }

  setState(state: PlateauState): void {
    this.#state = { ...state };
  }

  #isBetter(value: number): boolean {
    const best = this.#state.best;
    if (best === null) return Number.isFinite(value);
    return this.mode === 'min'
      ? value < best * (1 - this.threshold)
      : value > best * (1 + this.threshold);
  }
}
