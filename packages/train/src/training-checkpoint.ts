import { HeedError, type Module, type Seq2SeqModel } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import type { DataPosition } from './data-order';
import type { ScheduleState } from './learning-rate-schedule';
import { type CheckpointStore, CORE_CHECKPOINTS } from './run-storage';
import type { NamedTensor } from './slot-optimizer';
import type { WeightAverage } from './weight-average';

/** Version of the `training` section of a checkpoint's config.json. */
export const TRAINING_STATE_VERSION = 1;

/** Everything besides tensors that resuming needs, kept in config.json under `training`. */
export interface TrainingState {
  version: number;
  /** Updates done. */
  step: number;
  /** The next batch to train on. */
  position: DataPosition;
  /** The trainer's generator state (per-step seeds). */
  random: number[];
  /** The loss's state (the sampled-softmax sampler), or null. */
  loss: number[] | null;
  schedule: ScheduleState;
  /** The learning rate of the last update. */
  learningRate: number;
  /** The best monitored evaluation so far. */
  best: { metric: string; value: number; step: number } | null;
  evaluationsWithoutImprovement: number;
  /** Real target tokens trained on. */
  tokens: number;
  /** Training wall time so far, evaluations included. */
  seconds: number;
}

/** A checkpoint's config.json as the trainer writes it. */
export interface TrainingCheckpointConfig {
  /** `model.getConfig()` (or the trainer's `modelConfig`). */
  model: unknown;
  /** The vocabulary/tokenizer the trainer was given, as JSON. */
  vocab: unknown;
  /** The trainer's options that are plain data. */
  trainer: unknown;
  training: TrainingState;
}

const OPTIMIZER_PREFIX = 'optimizer/';
const ITERATIONS = 'iter';
const LIVE_PREFIX = 'live/';

/**
 * Saves weights, optimiser state and `config` as one checkpoint (by default
 * an atomic directory, `@heed/core`'s `saveCheckpoint`; `store` can keep it
 * elsewhere, e.g. a `MemoryRunStorage`): optimiser state goes to
 * extra.safetensors as `optimizer/<module path>/<slot>` plus `optimizer/iter`,
 * so it does not depend on TF.js's process-specific variable names.
 *
 * With an `average`, the checkpoint's weights are the averaged weights (what
 * translating and evaluating it use) and the model's live weights go to
 * extra.safetensors as `live/<module path>`, for resuming.
 */
export async function saveTrainingCheckpoint(
  directory: string,
  model: Seq2SeqModel,
  optimizer: tf.Optimizer,
  config: TrainingCheckpointConfig,
  store: CheckpointStore = CORE_CHECKPOINTS,
  average?: WeightAverage,
): Promise<void> {
  const paths = new Map<string, string>();
  for (const [path, variable] of model.namedParameters()) paths.set(variable.name, path);
  const weights: NamedTensor[] = await optimizer.getWeights();
  const extraTensors = new Map<string, tf.Tensor>();
  for (const { name, tensor } of weights) {
    if (name === ITERATIONS) {
      extraTensors.set(OPTIMIZER_PREFIX + ITERATIONS, tensor);
      continue;
    }
    const cut = name.lastIndexOf('/');
    const path = paths.get(name.slice(0, cut));
    if (cut < 0 || path === undefined) {
      throw new HeedError(
        `saveTrainingCheckpoint: optimizer state '${name}' does not belong to a parameter of the model`,
      );
    }
    extraTensors.set(`${OPTIMIZER_PREFIX}${path}${name.slice(cut)}`, tensor);
  }
  if (average) {
    for (const [path, variable] of model.namedParameters()) {
      extraTensors.set(LIVE_PREFIX + path, variable);
    }
  }
  try {
    await store.saveCheckpoint(directory, {
      weights: average ? average.averages() : model,
      config,
      extraTensors,
    });
  } finally {
    // saveIterations() made a fresh scalar; the slots belong to the optimiser.
    extraTensors.get(OPTIMIZER_PREFIX + ITERATIONS)?.dispose();
  }
}

/**
 * Loads a checkpoint written by `saveTrainingCheckpoint` (from `store`,
 * by default `@heed/core`'s `loadCheckpoint`) into `model` and `optimizer`
 * (names, shapes and dtypes checked) and returns its config. The model gets
 * the live weights where the checkpoint has them; `average` gets the
 * checkpoint's weights (the averages, or the weights of a run that did not
 * average, from which averaging then starts).
 */
export async function loadTrainingCheckpoint(
  directory: string,
  model: Seq2SeqModel,
  optimizer: tf.Optimizer,
  store: CheckpointStore = CORE_CHECKPOINTS,
  average?: WeightAverage,
): Promise<TrainingCheckpointConfig> {
  const checkpoint = await store.loadCheckpoint<TrainingCheckpointConfig>(directory);
  try {
    const training = checkpoint.config?.training;
    if (training?.version !== TRAINING_STATE_VERSION) {
      throw new HeedError(
        `loadTrainingCheckpoint: ${directory} has no training state of version ${TRAINING_STATE_VERSION} (found ${JSON.stringify(training?.version)}); it cannot be resumed`,
      );
    }
    if (typeof (model as Partial<Module>).assignParameters !== 'function') {
      throw new HeedError(
        'loadTrainingCheckpoint: the model must have assignParameters (extend @heed/core Module) to be resumed',
      );
    }
    const live = new Map<string, tf.Tensor>();
    for (const [name, tensor] of checkpoint.extraTensors) {
      if (name.startsWith(LIVE_PREFIX)) live.set(name.slice(LIVE_PREFIX.length), tensor);
    }
    (model as unknown as Module).assignParameters(live.size > 0 ? live : checkpoint.tensors);
    average?.setAverages(checkpoint.tensors);
    const variables = model.namedParameters();
    const slots: NamedTensor[] = [];
    let iterations: tf.Tensor | undefined;
    for (const [name, tensor] of checkpoint.extraTensors) {
      if (!name.startsWith(OPTIMIZER_PREFIX)) continue;
      const rest = name.slice(OPTIMIZER_PREFIX.length);
      if (rest === ITERATIONS) {
        iterations = tensor;
        continue;
      }
      const cut = rest.lastIndexOf('/');
      const variable = variables.get(rest.slice(0, cut));
      if (cut < 0 || !variable) {
        throw new HeedError(
          `loadTrainingCheckpoint: optimizer state '${name}' names no parameter of the model`,
        );
      }
      slots.push({ name: `${variable.name}${rest.slice(cut)}`, tensor });
    }
    if (iterations)
      await optimizer.setWeights([{ name: ITERATIONS, tensor: iterations }, ...slots]);
    return checkpoint.config;
  } finally {
    tf.dispose([...checkpoint.tensors.values(), ...checkpoint.extraTensors.values()]);
  }
}
