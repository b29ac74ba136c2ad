import type { Checkpoint, LoadIntoResult } from '../checkpoint/checkpoint';
import * as directories from '../checkpoint/checkpoint';
import {
  type CheckpointSource,
  type FetchCheckpointOptions,
  isUrl,
  loadCheckpoint as loadFromBytesOrUrl,
  loadInto as loadIntoFromBytesOrUrl,
} from '../checkpoint/checkpoint-source';
import { modelCheckpointsWith } from '../checkpoint/model-checkpoints';
import type { AssignOptions, Module } from '../module';

/** True for a directory path: a string that is not a URL. */
function isDirectory(source: CheckpointSource): source is string {
  return typeof source === 'string' && !isUrl(source);
}

/**
 * Reads a checkpoint: from a directory written by `saveCheckpoint` (or by
 * any tool that writes the same files), from a folder URL (`http(s):`,
 * fetched), or from `{ config, weights }` bytes. A missing, truncated or
 * corrupt file throws a `HeedError` naming the file and the problem.
 */
export function loadCheckpoint<Config = unknown>(
  source: CheckpointSource,
  options: FetchCheckpointOptions = {},
): Promise<Checkpoint<Config>> {
  return isDirectory(source)
    ? directories.loadCheckpoint<Config>(source)
    : loadFromBytesOrUrl<Config>(source, options);
}

/**
 * Loads a checkpoint's weights into `module` through `assignParameters`:
 * names, shapes and dtypes are checked, and the error lists everything
 * missing, extra or mismatched (missing and extra names are allowed with
 * `strict: false`). Nothing is assigned unless every check passes. Reads
 * what `loadCheckpoint` reads; extra tensors are not read.
 */
export function loadInto<Config = unknown>(
  module: Pick<Module, 'assignParameters'>,
  source: CheckpointSource,
  options: AssignOptions & FetchCheckpointOptions = {},
): Promise<LoadIntoResult<Config>> {
  if (!isDirectory(source)) return loadIntoFromBytesOrUrl<Config>(module, source, options);
  const { fetch: _, withExtra: __, ...assign } = options;
  return directories.loadInto<Config>(module, source, assign);
}

/**
 * The one save/load of a model class (`RnnSeq2Seq`, `Transformer`), Node's
 * build: `save` writes a directory (atomically), `load` also reads one.
 */
export const modelCheckpoints = modelCheckpointsWith({
  saveCheckpoint: directories.saveCheckpoint,
  loadCheckpoint,
});
