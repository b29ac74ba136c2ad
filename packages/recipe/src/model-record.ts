import type { ModelSpec, TokenizerPairJSON } from '@heed/models';
import type { TrainingState } from '@heed/train';
import type { RecipeConfig } from './recipe-config';

/**
 * Marks the `model` section of a checkpoint's config.json as a recipe's; it
 * keeps the name of the tool that introduced it, so older runs still load.
 */
export const CHECKPOINT_FORMAT = 'heed-nmt';
/** The version of that section this package writes and reads. */
export const CHECKPOINT_VERSION = 1;

/** The `model` section a recipe run stores in a checkpoint's config.json (through the trainer's `modelConfig`). */
export interface RecipeModelRecord {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  /** The architecture and its package's full config. */
  spec: ModelSpec;
  /** The flat config the run was started with. */
  config: RecipeConfig;
}

/** A checkpoint's config.json as a recipe reads it (the trainer writes `trainer` and `training` too). */
export interface RecipeCheckpointConfig {
  model: RecipeModelRecord;
  vocab: TokenizerPairJSON;
  trainer?: unknown;
  training?: TrainingState;
}

/** The `model` section of a checkpoint's config.json for a model trained from `config` as `spec`. */
export function modelRecord(spec: ModelSpec, config: RecipeConfig): RecipeModelRecord {
  return { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, spec, config };
}
