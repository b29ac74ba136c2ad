import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { HeedError, writeFileAtomically } from '@heed/core/node';
import {
  BUNDLE_FILE,
  type Bundle,
  decodeBundle,
  type EncodeBundleOptions,
  encodeBundle,
} from '../bundle';
import type { TranslationModel } from '../model-spec';
import type { TokenizerPair } from '../tokenizer-pair';

/**
 * Writes `encodeBundle(model, tokenizers, options)` to `file` atomically
 * (a temporary file renamed over it, so a reader never sees half a bundle).
 * Node only; in a page use `encodeBundle`.
 * @returns The absolute path written.
 */
export async function saveBundle(
  file: string,
  model: TranslationModel,
  tokenizers: TokenizerPair,
  options: EncodeBundleOptions = {},
): Promise<string> {
  return writeFileAtomically(file, await encodeBundle(model, tokenizers, options));
}

/**
 * Reads a bundle file, or the `model.safetensors` in a directory (the one
 * `heed-nmt export` writes), and rebuilds the model and its tokenizers.
 * Every failure is a `HeedError` naming the file. Node only; in a page use
 * `fetchBundle` or `decodeBundle`.
 */
export async function loadBundle(path: string): Promise<Bundle> {
  const file = await bundleFile(path);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new HeedError(`loadBundle: cannot read ${file} (${(error as Error).message})`, {
      cause: error,
    });
  }
  return decodeBundle(bytes, { source: file });
}

/** `path` itself when it is a file, its `model.safetensors` when it is a directory. */
async function bundleFile(path: string): Promise<string> {
  const absolute = resolve(path);
  const found = await stat(absolute).catch(() => undefined);
  if (found === undefined) throw new HeedError(`loadBundle: ${path}: no such file or directory`);
  return found.isDirectory() ? join(absolute, BUNDLE_FILE) : absolute;
}
