import { readFile } from 'node:fs/promises';
import { RecipeError } from '../errors';
import { CONFIG_KEYS, type RecipeConfig } from '../recipe-config';

/**
 * Reads a JSON config file: an object whose fields are `RecipeConfig` fields
 * (`{ "arch": "rnn", "hidden": 256, "batchTokens": 4096 }`). A missing file,
 * invalid JSON or an unknown field is a one-line `RecipeError` naming the file.
 */
export async function readConfigFile(path: string): Promise<Partial<RecipeConfig>> {
  return (await readJsonObject(path, CONFIG_KEYS)) as Partial<RecipeConfig>;
}

/**
 * Reads a JSON file holding one object whose fields are among `known`. A
 * missing file, invalid JSON or an unknown field is a one-line `RecipeError`
 * naming the file; the values are the caller's to check.
 */
export async function readJsonObject(
  path: string,
  known: readonly string[],
): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new RecipeError(`${path}: cannot read the config file (${describe(error)})`, {
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RecipeError(`${path}: not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RecipeError(`${path}: a config file must hold a JSON object of config fields`);
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new RecipeError(`${path}: unknown field '${key}'. Known fields: ${known.join(', ')}`);
    }
  }
  return value as Record<string, unknown>;
}

function describe(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return (error as Error).message;
}
