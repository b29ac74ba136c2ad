import type { Module } from '../module';
import type { SaveCheckpointOptions } from './checkpoint';
import { type CheckpointFiles, encodeCheckpoint } from './checkpoint-files';
import {
  type CheckpointSource,
  type FetchCheckpointOptions,
  loadCheckpoint,
  saveCheckpoint,
} from './checkpoint-source';
import { modelFromCheckpoint } from './model-checkpoint';

/** A model that checkpoints can hold: a `Module` that gives back its config. */
export type CheckpointableModel<Config> = Module & { getConfig(): Config };

/**
 * Saving and loading one model class: what its `save`, `toCheckpointFiles`
 * and static `load` delegate to.
 */
export interface ModelCheckpoints<Model> {
  /** Writes config.json (`{ [key]: model.getConfig() }`) and weights.safetensors to `directory` (Node). */
  save(model: Model, directory: string): Promise<void>;
  /** The files `save` writes, as bytes (works in a page). */
  toFiles(model: Model): Promise<CheckpointFiles>;
  /**
   * Rebuilds a model saved by `save` or `toFiles`, from a directory (Node), a
   * folder URL (fetched) or `{ config, weights }` bytes; names, shapes and
   * dtypes are checked, and errors name the class and the source.
   */
  load(source: CheckpointSource, options?: FetchCheckpointOptions): Promise<Model>;
}

/** The checkpoint reader and writer of one build (the page's, or Node's that also reaches directories). */
export interface CheckpointIO {
  saveCheckpoint(directory: string, options: SaveCheckpointOptions): Promise<void>;
  loadCheckpoint: typeof loadCheckpoint;
}

/** `modelCheckpoints` bound to one build's checkpoint reader and writer. */
export function modelCheckpointsWith(io: CheckpointIO) {
  /**
   * The one save/load of a model class: its config goes to config.json under
   * `key`, its parameters to weights.safetensors, and `create` rebuilds it
   * from the config. `owner` names the class in errors (`'RnnSeq2Seq'`).
   *
   * ```ts
   * const checkpoints = modelCheckpoints('Transformer', 'transformer',
   *   (config: TransformerConfig) => new Transformer(config));
   * class Transformer extends Module {
   *   save(directory: string) { return checkpoints.save(this, directory); }
   *   static load(source: CheckpointSource) { return checkpoints.load(source); }
   * }
   * ```
   */
  return function modelCheckpoints<Model extends CheckpointableModel<Config>, Config>(
    owner: string,
    key: string,
    create: (config: Config) => Model,
  ): ModelCheckpoints<Model> {
    const files = (model: Model): SaveCheckpointOptions => ({
      weights: model,
      config: { [key]: model.getConfig() },
    });
    return {
      save: (model, directory) => io.saveCheckpoint(directory, files(model)),
      toFiles: (model) => encodeCheckpoint(files(model)),
      load: async (source, options = {}) =>
        modelFromCheckpoint(
          `${owner}.load`,
          await io.loadCheckpoint(source, options),
          key,
          source,
          create,
        ),
    };
  };
}

/** The page's `modelCheckpoints`: bytes and URLs; `@heed/core`'s Node build also reaches directories. */
export const modelCheckpoints = modelCheckpointsWith({ saveCheckpoint, loadCheckpoint });
