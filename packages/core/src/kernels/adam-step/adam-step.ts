import * as tf from '@tensorflow/tfjs-core';
import { hasKernel } from '../kernel-host';
import type { KernelOptions } from '../recurrence/recurrence';
import { adamStepReference } from './adam-step-reference';

/** The kernel's name. It has no gradient: an optimiser update is not differentiated. */
export const ADAM_STEP = 'HeedAdamStep';

/** One variable's Adam update: the weight, its gradient and its two moments, all one shape. */
export interface AdamStepInputs {
  weight: tf.Tensor;
  gradient: tf.Tensor;
  firstMoment: tf.Tensor;
  secondMoment: tf.Tensor;
}

/** The scalars of one Adam step t (see `adamStep`). */
export interface AdamStepAttributes {
  beta1: number;
  beta2: number;
  epsilon: number;
  /** `lr / (1 − β1ᵗ)`. */
  stepSize: number;
  /** `√(1 − β2ᵗ)`. */
  secondMomentScale: number;
  /** The factor the weight is scaled by first: `1 − lr·λ` for decoupled weight decay λ, else 1. */
  weightScale: number;
}

/** The updated weight and moments, each of the inputs' shape. */
export interface AdamStepResult {
  weight: tf.Tensor;
  firstMoment: tf.Tensor;
  secondMoment: tf.Tensor;
}

/**
 * One Adam (or AdamW) step of one variable, as PyTorch computes it:
 * `m ← β1·m + (1−β1)·g`, `v ← β2·v + (1−β2)·g²`,
 * `w ← weightScale·w − stepSize · m / (√v / secondMomentScale + ε)`.
 * heed's kernel (one pass over the values) where the active backend has it,
 * otherwise the same arithmetic in TF.js ops. Returns new tensors; the caller
 * assigns them.
 */
export function adamStep(
  inputs: AdamStepInputs,
  attributes: AdamStepAttributes,
  options: KernelOptions = {},
): AdamStepResult {
  if (options.useKernel === false || !hasKernel(ADAM_STEP)) {
    return adamStepReference(inputs, attributes);
  }
  const [weight, firstMoment, secondMoment] = tf
    .engine()
    .runKernel(ADAM_STEP, { ...inputs }, { ...attributes }) as tf.Tensor[];
  return { weight: weight!, firstMoment: firstMoment!, secondMoment: secondMoment! };
}
