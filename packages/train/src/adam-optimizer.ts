import { adamStep, assertInRange, assertKnownKeys, invalidArgument } from '@heed/core';
import type * as tf from '@tensorflow/tfjs-core';
import { SlotOptimizer } from './slot-optimizer';

/** Options of `AdamOptimizer`. */
export interface AdamOptions {
  /** Defaults to 1e-3. */
  learningRate?: number;
  /** Decay of the first-moment average. Defaults to 0.9. */
  beta1?: number;
  /** Decay of the second-moment average. Defaults to 0.999. */
  beta2?: number;
  /** Added to the denominator. Defaults to 1e-8 (PyTorch's default). */
  epsilon?: number;
}

/** Options of `AdamWOptimizer`. */
export interface AdamWOptions extends AdamOptions {
  /** Decoupled weight decay λ: each step scales every weight by `1 − lr·λ`. Defaults to 0.01. */
  weightDecay?: number;
}

const ADAM_KEYS = ['learningRate', 'beta1', 'beta2', 'epsilon'];

/**
 * Adam (Kingma & Ba, 2015) exactly as PyTorch's `torch.optim.Adam` computes it:
 * `m ← β1·m + (1−β1)·g`, `v ← β2·v + (1−β2)·g²`,
 * `w ← w − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε)`.
 * The bias corrections come from the step count in float64, so the state is
 * just `m`, `v` and the count, and a restored optimiser continues exactly.
 */
export class AdamOptimizer extends SlotOptimizer {
  static get className(): string {
    return 'HeedAdam';
  }

  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  protected readonly slotNames = ['m', 'v'] as const;
  /** λ of decoupled weight decay; 0 for plain Adam. */
  protected readonly decay: number;

  constructor(options: AdamOptions = {}) {
    super(0);
    assertKnownKeys(this.owner, options, ADAM_KEYS);
    this.learningRate = assertNonNegative(this.owner, 'learningRate', options.learningRate ?? 1e-3);
    this.beta1 = assertInRange(this.owner, 'beta1', options.beta1 ?? 0.9, 0, 0.999999);
    this.beta2 = assertInRange(this.owner, 'beta2', options.beta2 ?? 0.999, 0, 0.999999);
    this.epsilon = assertNonNegative(this.owner, 'epsilon', options.epsilon ?? 1e-8);
    this.decay = 0;
  }

  protected get owner(): string {
    return 'AdamOptimizer';
  }

  protected updateVariable(
    variable: tf.Variable,
    gradient: tf.Tensor,
    [m, v]: readonly tf.Variable[],
    step: number,
  ): void {
    if (!m || !v) return;
    // One pass over the values (heed's kernel on cpu and wasm), not a dozen element-wise ops.
    const next = adamStep(
      { weight: variable, gradient, firstMoment: m, secondMoment: v },
      {
        beta1: this.beta1,
        beta2: this.beta2,
        epsilon: this.epsilon,
        stepSize: this.learningRate / (1 - this.beta1 ** step),
        secondMomentScale: Math.sqrt(1 - this.beta2 ** step),
        weightScale: this.decay > 0 ? 1 - this.learningRate * this.decay : 1,
      },
    );
    m.assign(next.firstMoment);
    v.assign(next.secondMoment);
    variable.assign(next.weight);
  }

  getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
    };
  }
}

/**
 * AdamW (Loshchilov & Hutter, 2019) as `torch.optim.AdamW`: Adam whose weight
 * decay is decoupled from the gradient — every weight is first scaled by
 * `1 − lr·λ`, then takes the Adam step. TF.js has no AdamW. Decay applies to
 * every variable given to `applyGradients` (biases included, as PyTorch does
 * without parameter groups).
 */
export class AdamWOptimizer extends AdamOptimizer {
  static override get className(): string {
    return 'HeedAdamW';
  }

  protected override readonly decay: number;

  constructor(options: AdamWOptions = {}) {
    const { weightDecay, ...adam } = options;
    super(adam);
    assertKnownKeys(this.owner, options, [...ADAM_KEYS, 'weightDecay']);
    this.decay = assertNonNegative(this.owner, 'weightDecay', weightDecay ?? 0.01);
  }

  /** λ. */
  get weightDecay(): number {
    return this.decay;
  }

  protected override get owner(): string {
    return 'AdamWOptimizer';
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), weightDecay: this.decay };
  }
}

/** Throws unless `value` is a finite number ≥ 0. */
export function assertNonNegative(owner: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalidArgument(owner, field, 'must be a finite number ≥ 0', value);
  }
  return value;
}
