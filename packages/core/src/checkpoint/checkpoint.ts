import type * as tf from '@tensorflow/tfjs-core';
import { HeedError } from '../errors';
import type { AssignOptions, AssignReport, Module, ModuleLike } from '../module';
import { disposeTree } from '../tensor-tree';
import {
  type DirectoryRecovery,
  recoverDirectory,
  resolveDirectory,
  writeDirectoryAtomically,
} from './atomic-directory';
import {
  CHECKPOINT_FILES,
  decodeCheckpointTensors,
  encodeCheckpoint,
  parseConfig,
} from './checkpoint-files';
import { nodeModules } from './node-modules';

/** What `saveCheckpoint` writes. */
export interface SaveCheckpointOptions {
  /** A module (saved under its `namedParameters()` paths) or tensors by name. */
  weights: ModuleLike | ReadonlyMap<string, tf.Tensor>;
  /** Any JSON value for config.json (non-finite numbers are refused). Defaults to `{}`. */
  config?: unknown;
  /** Tensors kept apart from the weights, e.g. optimiser state. Defaults to none (no extra.safetensors). */
  extraTensors?: ReadonlyMap<string, tf.Tensor>;
  /** Strings for the weights file's `__metadata__`. Defaults to none. */
  metadata?: Readonly<Record<string, string>>;
}

/** A loaded checkpoint; the caller owns (and disposes) its tensors. */
export interface Checkpoint<Config = unknown> {
  config: Config;
  /** The weights by name. */
  tensors: Map<string, tf.Tensor>;
  /** The extra tensors; empty when the checkpoint has none. */
  extraTensors: Map<string, tf.Tensor>;
  /** The weights file's `__metadata__`. */
  metadata: Record<string, string>;
}

/** What `loadInto` returns. */
export interface LoadIntoResult<Config = unknown> {
  config: Config;
  /** Names the module and the checkpoint did not share (non-empty only with `strict: false`). */
  report: AssignReport;
}

/**
 * Writes a checkpoint directory: config.json, weights.safetensors and, when
 * given, extra.safetensors. Everything is serialised in memory first, then
 * written atomically: `directory` holds the complete old checkpoint or the
 * complete new one at every moment, even if the process dies mid-write.
 * Node only (uses `node:fs/promises`).
 */
export async function saveCheckpoint(
  directory: string,
  options: SaveCheckpointOptions,
): Promise<void> {
  const encoded = await encodeCheckpoint(options);
  const files = new Map<string, Uint8Array | string>([
    [CHECKPOINT_FILES.config, encoded.config],
    [CHECKPOINT_FILES.weights, encoded.weights],
  ]);
  if (encoded.extra) files.set(CHECKPOINT_FILES.extra, encoded.extra);
  await writeDirectoryAtomically(
    'saveCheckpoint',
    directory,
    files,
    Object.values(CHECKPOINT_FILES),
  );
}

/**
 * Reads a checkpoint directory written by `saveCheckpoint` (or by any tool
 * that writes the same two files). A missing, truncated or corrupt file
 * throws a `HeedError` naming the file and the problem. When a save was
 * killed while the old directory was renamed aside, the old checkpoint is
 * read from there (nothing on disk changes). Node only.
 */
export async function loadCheckpoint<Config = unknown>(
  directory: string,
): Promise<Checkpoint<Config>> {
  return readCheckpoint<Config>(directory, true);
}

/**
 * Loads a checkpoint's weights into `module` through `assignParameters`:
 * names, shapes and dtypes are checked, and the error lists everything
 * missing, extra or mismatched (missing and extra names are allowed with
 * `strict: false`). Nothing is assigned unless every check passes. Extra
 * tensors are not read; use `loadCheckpoint` for them. Node only.
 */
export async function loadInto<Config = unknown>(
  module: Pick<Module, 'assignParameters'>,
  directory: string,
  options: AssignOptions = {},
): Promise<LoadIntoResult<Config>> {
  const { config, tensors } = await readCheckpoint<Config>(directory, false);
  try {
    const report = module.assignParameters(tensors, options);
    return { config, report };
  } catch (error) {
    if (!HeedError.isInstance(error)) throw error;
    const { path } = await nodeModules();
    const file = path.join(path.resolve(directory), CHECKPOINT_FILES.weights);
    throw new HeedError(`${file}: ${error.message}`, { cause: error });
  } finally {
    disposeTree([...tensors.values()]);
  }
}

/** What `recoverCheckpoint` did. */
export type CheckpointRecovery = DirectoryRecovery;

/**
 * Repairs what an interrupted `saveCheckpoint` of `directory` left: puts the
 * old checkpoint back when the save was killed while it was renamed aside,
 * and removes the save's temporary directories. `saveCheckpoint` does this
 * itself first; call it when taking over a directory (resuming a run). Only
 * the process that writes `directory` may call it. Node only.
 */
export async function recoverCheckpoint(directory: string): Promise<CheckpointRecovery> {
  return recoverDirectory('recoverCheckpoint', directory);
}

/**
 * Where the checkpoint saved as `directory` can be read: `directory` itself,
 * or the complete `.previous` copy a save killed between its two renames
 * left (what `loadCheckpoint` reads); undefined when neither holds a
 * config.json. Changes nothing on disk. Node only.
 */
export async function locateCheckpoint(directory: string): Promise<string | undefined> {
  const { fs, path } = await nodeModules();
  const found = await resolveDirectory(directory);
  try {
    await fs.access(path.join(found, CHECKPOINT_FILES.config));
    return found;
  } catch {
    return undefined;
  }
}

async function readCheckpoint<Config>(
  directory: string,
  withExtra: boolean,
): Promise<Checkpoint<Config>> {
  const { path } = await nodeModules();
  const root = await resolveDirectory(directory);
  const configFile = path.join(root, CHECKPOINT_FILES.config);
  const configText = await readFile(configFile, 'utf8');
  if (configText === undefined) {
    throw new HeedError(`loadCheckpoint: ${configFile} not found; is ${root} a checkpoint?`);
  }
  const config = parseConfig<Config>(configText, configFile);
  const weightsFile = path.join(root, CHECKPOINT_FILES.weights);
  const weightBytes = await readFile(weightsFile);
  if (weightBytes === undefined) throw new HeedError(`loadCheckpoint: ${weightsFile} not found`);
  const extraFile = path.join(root, CHECKPOINT_FILES.extra);
  const extraBytes = withExtra ? await readFile(extraFile) : undefined;
  const tensors = decodeCheckpointTensors(
    { weights: weightBytes, ...(extraBytes ? { extra: extraBytes } : {}) },
    root,
    withExtra,
  );
  return { config, ...tensors };
}

/** The file's contents, or undefined when it does not exist. */
async function readFile(file: string): Promise<Uint8Array | undefined>;
async function readFile(file: string, encoding: 'utf8'): Promise<string | undefined>;
async function readFile(file: string, encoding?: 'utf8'): Promise<Uint8Array | string | undefined> {
  const { fs } = await nodeModules();
  try {
    return encoding ? await fs.readFile(file, encoding) : await fs.readFile(file);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw new HeedError(`${file}: could not read (${(error as Error).message})`, { cause: error });
  }
}
