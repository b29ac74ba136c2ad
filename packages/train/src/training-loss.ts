import {
  assertKnownKeys,
  assertOneOf,
  assertPositiveInteger,
  type ForwardResult,
  invalidArgument,
  type RunOptions,
  type Seq2SeqModel,
} from '@heed/core';
import {
  LogUniformSampler,
  maskedCrossEntropy,
  projectedCrossEntropy,
  sampledSoftmaxLoss,
} from '@heed/losses';
import type * as tf from '@tensorflow/tfjs-core';
import type { BatchTensors } from './batch';

/** A loss of your own: a scalar from the teacher-forced output and the batch. */
export type CustomLoss = (
  forward: ForwardResult,
  batch: BatchTensors,
  model: Seq2SeqModel,
) => tf.Scalar;

/** What the trainer minimises. */
export type LossConfig =
  /**
   * Masked cross-entropy over the full vocabulary, mean over real tokens: for a
   * model with `forwardHidden`, `projectedCrossEntropy` of its hidden states
   * and `outputProjection` (the `[b, T, V]` logits are never all formed);
   * otherwise `maskedCrossEntropy` of `forward`'s logits. Both give the same loss.
   */
  | { type: 'full'; labelSmoothing?: number }
  /**
   * Sampled softmax (TensorFlow semantics) with a seeded log-uniform sampler
   * over the model's output projection: training only — evaluation always
   * uses the full softmax. Ids must be sorted by decreasing frequency.
   */
  | { type: 'sampled'; numSampled: number; removeAccidentalHits?: boolean }
  | CustomLoss;

/** A loss bound to a model, with the state a checkpoint keeps. */
export interface TrainingLoss {
  /** Runs the teacher-forced pass this loss needs on `batch` and returns the loss. */
  compute(batch: BatchTensors, options: RunOptions): tf.Scalar;
  /** The sampler's generator state (sampled softmax), else null. */
  getState(): number[] | null;
  setState(state: number[] | null): void;
}

/** Binds a loss config to `model`; `seed` seeds the sampled-softmax sampler. */
export function createTrainingLoss(
  config: LossConfig,
  model: Seq2SeqModel,
  seed: number,
): TrainingLoss {
  const owner = 'Trainer';
  const forward = (batch: BatchTensors, options: RunOptions) =>
    model.forward(batch.source, batch.sourceLengths, batch.targetInput, options);
  // The output layer is left to the loss: a model with `forwardHidden` skips
  // forming all `[b, T, V]` logits in `forward`.
  const hidden = (batch: BatchTensors, runOptions: RunOptions) =>
    model.forwardHidden
      ? model.forwardHidden(batch.source, batch.sourceLengths, batch.targetInput, runOptions)
      : forward(batch, runOptions);
  if (typeof config === 'function') {
    return {
      compute: (batch, options) => config(forward(batch, options), batch, model),
      getState: () => null,
      setState: () => {},
    };
  }
  if (typeof config !== 'object' || config === null) {
    throw invalidArgument(
      owner,
      'loss',
      "must be { type: 'full' | 'sampled', … } or a function",
      config,
    );
  }
  assertOneOf(owner, 'loss.type', config.type, ['full', 'sampled']);
  if (config.type === 'full') {
    assertKnownKeys(owner, config, ['type', 'labelSmoothing']);
    const options = { labelSmoothing: config.labelSmoothing ?? 0 };
    return {
      compute: (batch, runOptions) =>
        (model.forwardHidden
          ? projectedCrossEntropy(
              hidden(batch, runOptions).hidden,
              batch.targetOutput,
              model.outputProjection,
              options,
            )
          : maskedCrossEntropy(forward(batch, runOptions).logits, batch.targetOutput, options)
        ).loss as tf.Scalar,
      getState: () => null,
      setState: () => {},
    };
  }
  assertKnownKeys(owner, config, ['type', 'numSampled', 'removeAccidentalHits']);
  const numSampled = assertPositiveInteger(owner, 'loss.numSampled', config.numSampled);
  const sampler = new LogUniformSampler(model.targetVocabSize, { seed });
  const options = {
    numSampled,
    sampler,
    removeAccidentalHits: config.removeAccidentalHits ?? true,
  };
  return {
    compute: (batch, runOptions) =>
      sampledSoftmaxLoss(
        hidden(batch, runOptions).hidden,
        batch.targetOutput,
        model.outputProjection,
        options,
      ).loss as tf.Scalar,
    getState: () => sampler.getState(),
    setState: (state) => {
      if (state) sampler.setState(state);
    },
  };
}
