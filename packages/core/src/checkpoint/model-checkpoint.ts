import { HeedError } from '../errors';
import type { Module } from '../module';
import { disposeTree } from '../tensor-tree';
import type { Checkpoint } from './checkpoint';
import { type CheckpointSource, describeSource } from './checkpoint-source';

/** A model that a checkpoint can rebuild: its weights are assignable and it can be freed. */
export type CheckpointModel = Pick<Module, 'assignParameters' | 'dispose'>;

/**
 * Rebuilds a model from a loaded checkpoint: `create` builds it from the
 * config under `key`, then the weights are assigned (names, shapes and dtypes
 * checked). The checkpoint's tensors are disposed either way; errors name
 * `owner` and `source`.
 *
 * ```ts
 * const checkpoint = await loadCheckpoint(source);
 * const model = modelFromCheckpoint('Transformer.load', checkpoint, 'transformer', source,
 *   (config) => new Transformer(config));
 * ```
 */
export function modelFromCheckpoint<Model extends CheckpointModel, Config>(
  owner: string,
  checkpoint: Checkpoint,
  key: string,
  source: CheckpointSource,
  create: (config: Config) => Model,
): Model {
  try {
    const config = (checkpoint.config as Record<string, unknown> | null)?.[key];
    if (typeof config !== 'object' || config === null) {
      throw new HeedError(
        `${owner}: ${describeSource(source)} holds no '${key}' config in config.json`,
      );
    }
    const model = create(config as Config);
    try {
      model.assignParameters(checkpoint.tensors);
    } catch (error) {
      model.dispose();
      if (!HeedError.isInstance(error)) throw error;
      throw new HeedError(`${owner}: ${describeSource(source)}: ${error.message}`, {
        cause: error,
      });
    }
    return model;
  } finally {
    disposeTree([...checkpoint.tensors.values(), ...checkpoint.extraTensors.values()]);
  }
}
