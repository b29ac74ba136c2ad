import { HeedError } from '../errors';
import type { AssignOptions, Module } from '../module';
import { disposeTree } from '../tensor-tree';
import type { Checkpoint, LoadIntoResult, SaveCheckpointOptions } from './checkpoint';
import {
  CHECKPOINT_FILES,
  type CheckpointFiles,
  decodeCheckpoint,
  isCheckpointFiles,
} from './checkpoint-files';
import { fetchBytes, resolvePageUrl } from './fetch-bytes';

/**
 * Where a checkpoint is read from: its files' bytes, or a location, the URL
 * of the folder that holds config.json and weights.safetensors (in a page,
 * relative to the page; under Node, a string that is not an `http(s):` URL
 * is a directory).
 */
export type CheckpointSource = string | URL | CheckpointFiles;

/** Options of `fetchCheckpoint` and of loading a checkpoint from a URL. */
export interface FetchCheckpointOptions {
  /** The `fetch` to use (e.g. one that adds headers). Defaults to `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Fetch extra.safetensors (optimiser state) too, when there is one. Defaults to false. */
  withExtra?: boolean;
}

/**
 * Downloads a checkpoint from the folder at `url` (config.json and
 * weights.safetensors; extra.safetensors only with `withExtra`). A failed or
 * refused request throws a `HeedError` naming the file's URL and the status.
 */
export async function fetchCheckpoint<Config = unknown>(
  url: string | URL,
  options: FetchCheckpointOptions = {},
): Promise<Checkpoint<Config>> {
  const folder = resolvePageUrl(withTrailingSlash(url), 'loadCheckpoint');
  const fetchOptions = {
    owner: 'loadCheckpoint',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const file = (name: string) => new URL(name, folder);
  const [config, weights, extra] = await Promise.all([
    fetchBytes(file(CHECKPOINT_FILES.config), fetchOptions),
    fetchBytes(file(CHECKPOINT_FILES.weights), fetchOptions),
    options.withExtra
      ? fetchBytes(file(CHECKPOINT_FILES.extra), { ...fetchOptions, allowMissing: true })
      : undefined,
  ]);
  return decodeCheckpoint<Config>(
    { config, weights, ...(extra ? { extra } : {}) },
    { source: folder.href.replace(/\/$/, '') },
  );
}

/**
 * Reads a checkpoint from its files' bytes or from a URL (`fetchCheckpoint`).
 * The page's build of `loadCheckpoint`; the Node build also reads directories.
 */
export async function loadCheckpointFromSource<Config>(
  source: CheckpointSource,
  options: FetchCheckpointOptions,
): Promise<Checkpoint<Config>> {
  if (isCheckpointFiles(source)) return decodeCheckpoint<Config>(source, { withExtra: true });
  if (typeof source === 'string' || source instanceof URL) {
    return fetchCheckpoint<Config>(source, options);
  }
  throw new HeedError(
    `loadCheckpoint: source must be a URL, a directory (Node) or { config, weights } bytes. Received: ${typeof source}`,
  );
}

/** Assigns a checkpoint's weights to `module`, naming `source` in any error. */
export function assignCheckpoint<Config>(
  module: Pick<Module, 'assignParameters'>,
  checkpoint: Checkpoint<Config>,
  source: CheckpointSource,
  options: AssignOptions,
): LoadIntoResult<Config> {
  try {
    const report = module.assignParameters(checkpoint.tensors, options);
    return { config: checkpoint.config, report };
  } catch (error) {
    if (!HeedError.isInstance(error)) throw error;
    throw new HeedError(`${describeSource(source)}: ${error.message}`, { cause: error });
  } finally {
    disposeTree([...checkpoint.tensors.values(), ...checkpoint.extraTensors.values()]);
  }
}

/** Names a source in messages: its URL, or 'checkpoint bytes'. */
export function describeSource(source: CheckpointSource): string {
  if (source instanceof URL) return source.href;
  return typeof source === 'string' ? source : 'checkpoint bytes';
}

/** True for an `http:`/`https:`/`blob:`/`data:`/`file:` URL string or a URL object. */
export function isUrl(source: CheckpointSource): source is string | URL {
  return (
    source instanceof URL ||
    (typeof source === 'string' && /^(https?|blob|data|file):/i.test(source))
  );
}

/** The folder URL `url` names, with a trailing slash. */
function withTrailingSlash(url: string | URL): string {
  const text = url instanceof URL ? url.href : url;
  return text.endsWith('/') ? text : `${text}/`;
}

/**
 * Reads a checkpoint written by `saveCheckpoint` or `encodeCheckpoint`: from
 * `{ config, weights }` bytes, or by fetching config.json and
 * weights.safetensors from a folder URL (relative to the page), so the same
 * call loads a model in a page and in Node. A missing, truncated or corrupt
 * file throws a `HeedError` naming the file and the problem. Under Node,
 * `@heed/core`'s Node build also reads a directory path.
 *
 * ```ts
 * const checkpoint = await loadCheckpoint('/models/en-de/');
 * ```
 */
export function loadCheckpoint<Config = unknown>(
  source: CheckpointSource,
  options: FetchCheckpointOptions = {},
): Promise<Checkpoint<Config>> {
  return loadCheckpointFromSource<Config>(source, options);
}

/**
 * Loads a checkpoint's weights into `module` through `assignParameters`:
 * names, shapes and dtypes are checked, and the error lists everything
 * missing, extra or mismatched (missing and extra names are allowed with
 * `strict: false`). Nothing is assigned unless every check passes. Reads
 * what `loadCheckpoint` reads.
 */
export async function loadInto<Config = unknown>(
  module: Pick<Module, 'assignParameters'>,
  source: CheckpointSource,
  options: AssignOptions & FetchCheckpointOptions = {},
): Promise<LoadIntoResult<Config>> {
  const { fetch, withExtra: _, ...assign } = options;
  const checkpoint = await loadCheckpointFromSource<Config>(source, fetch ? { fetch } : {});
  return assignCheckpoint(module, checkpoint, source, assign);
}

/**
 * Writes a checkpoint directory. A page has no directories: this throws a
 * `HeedError` that points at `encodeCheckpoint`, which gives the same files
 * as bytes. `@heed/core`'s Node build writes them (atomically).
 */
export async function saveCheckpoint(
  directory: string,
  _options: SaveCheckpointOptions,
): Promise<void> {
  throw new HeedError(
    `saveCheckpoint: writing the directory '${directory}' needs Node's file system; in a page use encodeCheckpoint(options), which returns the same files as bytes`,
  );
}
