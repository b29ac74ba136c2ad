import type * as tf from '@tensorflow/tfjs-core';
import { HeedError } from '../errors';
import type { ModuleLike } from '../module';
import { disposeTree } from '../tensor-tree';
import type { Checkpoint, SaveCheckpointOptions } from './checkpoint';
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

/**
 * A checkpoint as bytes: the contents of its files, as `encodeCheckpoint`
 * makes them, `fetch` returns them or a file input reads them.
 */
export interface CheckpointFiles {
  /** config.json, as text or UTF-8 bytes. */
  config: string | Uint8Array;
  /** weights.safetensors. */
  weights: Uint8Array | ArrayBuffer;
  /** extra.safetensors (optimiser state); inference never needs it. Defaults to none. */
  extra?: Uint8Array | ArrayBuffer;
}

/** Options of `decodeCheckpoint`. */
export interface DecodeCheckpointOptions {
  /** Names the checkpoint in error messages, e.g. a directory or URL. Defaults to 'checkpoint'. */
  source?: string;
  /** Decode `extra` too. Defaults to true. */
  withExtra?: boolean;
}

/**
 * Serialises a checkpoint in memory, exactly as `saveCheckpoint` writes it:
 * config.json, weights.safetensors and, when `extraTensors` are given,
 * extra.safetensors. Works in a page as in Node; store or upload the bytes
 * as you like and read them back with `loadCheckpoint` or `decodeCheckpoint`.
 *
 * ```ts
 * const files = await encodeCheckpoint({ weights: model, config: { rnnSeq2Seq: model.getConfig() } });
 * ```
 */
export async function encodeCheckpoint(
  options: SaveCheckpointOptions,
): Promise<{ config: string; weights: Uint8Array; extra?: Uint8Array }> {
  const weights = isModule(options.weights) ? options.weights.namedParameters() : options.weights;
  const files: { config: string; weights: Uint8Array; extra?: Uint8Array } = {
    config: serialiseConfig(options.config ?? {}),
    weights: await encodeSafetensors(weights, options.metadata),
  };
  if (options.extraTensors && options.extraTensors.size > 0) {
    files.extra = await encodeSafetensors(options.extraTensors);
  }
  return files;
}

/**
 * Reads a checkpoint from its files' bytes. A truncated or corrupt file, or
 * config.json that is not JSON, throws a `HeedError` naming the file and the
 * problem. The caller owns (and disposes) the returned tensors.
 */
export function decodeCheckpoint<Config = unknown>(
  files: CheckpointFiles,
  options: DecodeCheckpointOptions = {},
): Checkpoint<Config> {
  const { source = 'checkpoint', withExtra = true } = options;
  if (!isCheckpointFiles(files)) {
    throw new HeedError(
      `decodeCheckpoint: expected { config: string | Uint8Array, weights: Uint8Array } for ${source}. Received: ${describeValue(files)}`,
    );
  }
  const configText =
    typeof files.config === 'string' ? files.config : new TextDecoder().decode(files.config);
  const config = parseConfig<Config>(configText, `${source}/${CHECKPOINT_FILES.config}`);
  return { config, ...decodeCheckpointTensors(files, source, withExtra) };
}

/** The tensors of a checkpoint's weights (and extra) file; `source` names the checkpoint. */
export function decodeCheckpointTensors(
  files: Pick<CheckpointFiles, 'weights' | 'extra'>,
  source: string,
  withExtra: boolean,
): Omit<Checkpoint, 'config'> {
  const weights = decodeSafetensors(asBytes(files.weights), {
    source: `${source}/${CHECKPOINT_FILES.weights}`,
  });
  let extraTensors = new Map<string, tf.Tensor>();
  try {
    if (withExtra && files.extra !== undefined) {
      extraTensors = decodeSafetensors(asBytes(files.extra), {
        source: `${source}/${CHECKPOINT_FILES.extra}`,
      }).tensors;
    }
  } catch (error) {
    disposeTree([...weights.tensors.values()]);
    throw error;
  }
  return { tensors: weights.tensors, extraTensors, metadata: weights.metadata };
}

/** True for an object shaped like `CheckpointFiles`. */
export function isCheckpointFiles(value: unknown): value is CheckpointFiles {
  if (typeof value !== 'object' || value === null || value instanceof URL) return false;
  const { config, weights } = value as Partial<CheckpointFiles>;
  return (
    (typeof config === 'string' || config instanceof Uint8Array) &&
    (weights instanceof Uint8Array || weights instanceof ArrayBuffer)
  );
}

/** config.json's text as a value; `file` names it in the error. */
export function parseConfig<Config>(text: string, file: string): Config {
  try {
    return JSON.parse(text) as Config;
  } catch (error) {
    throw new HeedError(`${file}: not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
}

/** config.json's text: two-space JSON, non-finite numbers refused. */
export function serialiseConfig(config: unknown): string {
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

function asBytes(data: Uint8Array | ArrayBuffer): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

function describeValue(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  const fields = Object.entries(value).map(
    ([key, field]) =>
      `${key}: ${field === null ? 'null' : typeof field === 'object' ? field.constructor.name : typeof field}`,
  );
  return `{ ${fields.join(', ')} }`;
}

function isModule(weights: SaveCheckpointOptions['weights']): weights is ModuleLike {
  return typeof (weights as Partial<ModuleLike>).namedParameters === 'function';
}
