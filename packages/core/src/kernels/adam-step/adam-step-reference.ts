import * as tf from '@tensorflow/tfjs-core';
import type { AdamStepAttributes, AdamStepInputs, AdamStepResult } from './adam-step';

/** `adamStep` in TF.js ops. */
export function adamStepReference(
  { weight, gradient, firstMoment, secondMoment }: AdamStepInputs,
  { beta1, beta2, epsilon, stepSize, secondMomentScale, weightScale }: AdamStepAttributes,
): AdamStepResult {
  return tf.tidy(() => {
    const m = tf.add(tf.mul(firstMoment, beta1), tf.mul(gradient, 1 - beta1));
    const v = tf.add(tf.mul(secondMoment, beta2), tf.mul(tf.square(gradient), 1 - beta2));
    const denominator = tf.add(tf.div(tf.sqrt(v), secondMomentScale), epsilon);
    const scaled = weightScale === 1 ? weight : tf.mul(weight, weightScale);
    const next = tf.sub(scaled, tf.mul(tf.div(m, denominator), stepSize));
    return { weight: next, firstMoment: m, secondMoment: v };
  });
}
