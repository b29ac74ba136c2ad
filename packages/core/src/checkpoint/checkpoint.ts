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
import { nodeModules } from './node-modules';
import { decodeSafetensors, encodeSafetensors } from './safetensors';

/** The files of a checkpoint directory. */
export const CHECKPOINT_FILES = {
  /** Plain JSON: model config, vocabulary, training state. */
  config: 'config.json',
  /** The parameters, named by module path (`decoder.attention.W1`). */
  weights: 'weights.safetensors',
  /** Optional further tensors, e.g. optimiser state. */
  extra: 'extra.safetensors',
} as const;

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
  const weights = isModule(options.weights) ? options.weights.namedParameters() : options.weights;
  const files = new Map<string, Uint8Array | string>([
    [CHECKPOINT_FILES.config, serialiseConfig(options.config ?? {})],
    [CHECKPOINT_FILES.weights, await encodeSafetensors(weights, options.metadata)],
  ]);
  if (options.extraTensors && options.extraTensors.size > 0) {
    files.set(CHECKPOINT_FILES.extra, await encodeSafetensors(options.extraTensors));
  }
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
  let config: Config;
  try {
    config = JSON.parse(configText) as Config;
  } catch (error) {
    throw new HeedError(`${configFile}: not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  const weightsFile = path.join(root, CHECKPOINT_FILES.weights);
  const weightBytes = await readFile(weightsFile);
  if (weightBytes === undefined) throw new HeedError(`loadCheckpoint: ${weightsFile} not found`);
  const extraFile = path.join(root, CHECKPOINT_FILES.extra);
  const extraBytes = withExtra ? await readFile(extraFile) : undefined;
  const weights = decodeSafetensors(weightBytes, { source: weightsFile });
  let extraTensors = new Map<string, tf.Tensor>();
  try {
    if (extraBytes) extraTensors = decodeSafetensors(extraBytes, { source: extraFile }).tensors;
  } catch (error) {
    disposeTree([...weights.tensors.values()]);
    throw error;
  }
  return { config, tensors: weights.tensors, extraTensors, metadata: weights.metadata };
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

function serialiseConfig(config: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(
      config,
      (key, value) => {
        if (typeof value === 'number' && !Number.isFinite(value)) {
          throw new HeedError(
            `saveCheckpoint: config must not hold non-finite numbers. Received: ${key || 'config'}=${value}`,
          );
        }
        return value;
      },
      2,
    );
  } catch (error) {
    if (HeedError.isInstance(error)) throw error;
    throw new HeedError(
      `saveCheckpoint: config must be JSON-serialisable (${(error as Error).message})`,
      { cause: error },
    );
  }
  if (text === undefined) {
    throw new HeedError(`saveCheckpoint: config must be a JSON value. Received: ${typeof config}`);
  }
  return `${text}\n`;
}

function isModule(weights: SaveCheckpointOptions['weights']): weights is ModuleLike {
  return typeof (weights as Partial<ModuleLike>).namedParameters === 'function';
}
