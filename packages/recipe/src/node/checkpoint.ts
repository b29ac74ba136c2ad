import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CHECKPOINT_FILES, HeedError, loadInto, locateCheckpoint } from '@heed/core/node';
import {
  assertTokenizersFit,
  BUNDLE_FILE,
  type Bundle,
  type ModelSpec,
  modelFromSpec,
  type TokenizerPair,
  type TranslationModel,
  tokenizersFromJSON,
} from '@heed/models';
import { loadBundle } from '@heed/models/node';
import type { TrainingState } from '@heed/train';
import { RecipeError } from '../errors';
import { encoderIsBidirectional } from '../long-run';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  modelRecord,
  type RecipeCheckpointConfig,
  type RecipeModelRecord,
} from '../model-record';
import { ARCHITECTURE_KEYS, attentionOf, flagName, type RecipeConfig } from '../recipe-config';
import { resolveConfig, validateConfig } from '../resolve-config';

/**
 * The `__metadata__` key under which `heed-nmt export` stores the run's flat
 * config in a bundle (JSON `{ format: 'heed-nmt', version: 1, config }`), so
 * `eval` and `heatmap` find the run's data from a bundle as from a checkpoint.
 */
export const BUNDLE_RUN_KEY = 'heed-nmt';

/** A checkpoint or an inference bundle loaded for translation: model, tokenizers and config. */
export interface LoadedCheckpoint {
  /** The checkpoint directory (the one holding config.json), or the bundle file. */
  directory: string;
  /** The run directory it belongs to (holding metrics.jsonl), when it is a run's `best/` or `last/`. */
  runDirectory: string | undefined;
  model: TranslationModel;
  tokenizers: TokenizerPair;
  record: RecipeModelRecord;
  /**
   * False for a bundle that holds no heed-nmt run config (one made with
   * `encodeBundle` elsewhere): `record.config` is then the recipe's defaults for
   * the model's architecture and names no data.
   */
  configStored: boolean;
  training: TrainingState | undefined;
}

/**
 * The checkpoint directory `path` names: `path` itself when it holds
 * config.json, else its `best/` (preferred) or `last/` — so a run directory
 * works wherever a checkpoint is asked for.
 */
export async function resolveCheckpointDirectory(path: string): Promise<string> {
  const directory = resolve(path);
  if (!existsSync(directory)) {
    throw new RecipeError(`${path}: no such checkpoint or run directory`);
  }
  if (existsSync(join(directory, CHECKPOINT_FILES.config))) return directory;
  for (const name of ['best', 'last']) {
    // A save killed between its renames leaves the checkpoint in a `.previous` copy.
    const found = await locateCheckpoint(join(directory, name));
    if (found) return found;
  }
  const present = (['best', 'last'] as const).filter((name) => existsSync(join(directory, name)));
  throw new RecipeError(
    present.length === 0
      ? `${path}: not a checkpoint (no ${CHECKPOINT_FILES.config}) nor a run directory (no best/ or last/ checkpoint)`
      : `${path}: not a checkpoint (no ${CHECKPOINT_FILES.config}), and its ${present.map((name) => `${name}/`).join(' and ')} hold${present.length === 1 ? 's' : ''} no ${CHECKPOINT_FILES.config}`,
  );
}

/** The run directory of a checkpoint that is a run's `best/` or `last/`. */
export function runDirectoryOf(directory: string): string | undefined {
  const name = basename(directory);
  const parent = dirname(directory);
  return (name === 'best' || name === 'last') && existsSync(join(parent, 'metrics.jsonl'))
    ? parent
    : undefined;
}

/**
 * Reads and checks a checkpoint's config.json: it must be JSON, hold a
 * heed-nmt `model` section of a version this code reads, a valid flat config
 * (fields it predates filled in as its run trained) and both tokenizers. Every
 * failure is a one-line `RecipeError` naming the file.
 */
export async function readCheckpointConfig(directory: string): Promise<RecipeCheckpointConfig> {
  const file = join(directory, CHECKPOINT_FILES.config);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RecipeError(`${file}: cannot read (${(error as Error).message})`, { cause: error });
  }
  let json: Partial<RecipeCheckpointConfig>;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RecipeError(`${file}: not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  const record = json?.model as Partial<RecipeModelRecord> | undefined;
  if (typeof record !== 'object' || record === null || record.format !== CHECKPOINT_FORMAT) {
    throw new RecipeError(
      `${file}: not a heed-nmt checkpoint (its model section is not '${CHECKPOINT_FORMAT}')`,
    );
  }
  if (record.version !== CHECKPOINT_VERSION) {
    throw new RecipeError(
      `${file}: checkpoint format version ${JSON.stringify(record.version)} is not supported; this heed-nmt reads version ${CHECKPOINT_VERSION}`,
    );
  }
  if (
    typeof record.spec !== 'object' ||
    record.spec === null ||
    typeof record.config !== 'object'
  ) {
    throw new RecipeError(`${file}: the heed-nmt model section lacks its spec or config`);
  }
  record.config = storedConfig(record.config, file);
  if (
    typeof json.vocab !== 'object' ||
    json.vocab === null ||
    !json.vocab.source ||
    !json.vocab.target
  ) {
    throw new RecipeError(`${file}: the checkpoint holds no source and target tokenizers`);
  }
  return json as RecipeCheckpointConfig;
}

/**
 * Loads a model for translation from a checkpoint, a run directory (its
 * best/, else last/ checkpoint), an inference bundle file, or a directory
 * holding one (`heed-nmt export`'s `model.safetensors`): rebuilds the model
 * from its stored spec and loads the weights (names, shapes and dtypes
 * checked), and rebuilds both tokenizers.
 */
export async function loadTranslationCheckpoint(path: string): Promise<LoadedCheckpoint> {
  const bundle = await bundleFileOf(path);
  if (bundle !== undefined) return loadTranslationBundle(bundle);
  const directory = await resolveCheckpointDirectory(path);
  const stored = await readCheckpointConfig(directory);
  const file = join(directory, CHECKPOINT_FILES.config);
  let tokenizers: TokenizerPair;
  try {
    tokenizers = tokenizersFromJSON(stored.vocab);
  } catch (error) {
    throw new RecipeError(`${file}: invalid tokenizer (${(error as Error).message})`, {
      cause: error,
    });
  }
  let model: TranslationModel;
  try {
    model = modelFromSpec(stored.model.spec);
  } catch (error) {
    throw new RecipeError(`${file}: cannot build the stored model (${(error as Error).message})`, {
      cause: error,
    });
  }
  try {
    assertTokenizersFit(stored.model.spec, tokenizers, file);
  } catch (error) {
    model.dispose();
    throw new RecipeError((error as Error).message, { cause: error });
  }
  try {
    await loadInto(model, directory);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return {
    directory,
    runDirectory: runDirectoryOf(directory),
    model,
    tokenizers,
    record: stored.model,
    configStored: true,
    training: stored.training,
  };
}

/**
 * The bundle file `path` names: `path` itself when it is a file, the
 * `model.safetensors` of a directory that holds one and no config.json;
 * otherwise undefined (a checkpoint or run directory).
 */
async function bundleFileOf(path: string): Promise<string | undefined> {
  const found = await stat(path).catch(() => undefined);
  if (found?.isFile()) return resolve(path);
  if (!found?.isDirectory() || existsSync(join(path, CHECKPOINT_FILES.config))) return undefined;
  const file = join(resolve(path), BUNDLE_FILE);
  return existsSync(file) ? file : undefined;
}

/** Loads an inference bundle, with the run config `heed-nmt export` stored in it when there is one. */
async function loadTranslationBundle(file: string): Promise<LoadedCheckpoint> {
  let bundle: Bundle;
  try {
    bundle = await loadBundle(file);
  } catch (error) {
    if (!HeedError.isInstance(error)) throw error;
    throw new RecipeError(error.message, { cause: error });
  }
  const stored = bundle.metadata[BUNDLE_RUN_KEY];
  let config: RecipeConfig;
  try {
    config =
      stored === undefined
        ? resolveConfig({
            arch: bundle.spec.arch,
            tokenizer: bundle.tokenizers.source.kind,
            ...attentionOfSpec(bundle.spec),
          })
        : bundleRunConfig(stored, file);
  } catch (error) {
    bundle.model.dispose();
    throw error;
  }
  return {
    directory: file,
    runDirectory: undefined,
    model: bundle.model,
    tokenizers: bundle.tokenizers,
    record: modelRecord(bundle.spec, config),
    configStored: stored !== undefined,
    training: undefined,
  };
}

/** The attention type a spec names, as the flat config's `attention` (none when it names none). */
function attentionOfSpec(spec: ModelSpec): { attention?: string } {
  const type = spec.arch === 'rnn' ? spec.config.attention?.type : spec.config.crossAttention?.type;
  return type === undefined ? {} : { attention: type };
}

/** The `__metadata__` entry `heed-nmt export` writes: the run's flat config. */
export function bundleRunEntry(config: RecipeConfig): Record<string, string> {
  return {
    [BUNDLE_RUN_KEY]: JSON.stringify({
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      config,
    }),
  };
}

function bundleRunConfig(text: string, file: string): RecipeConfig {
  let entry: { format?: unknown; version?: unknown; config?: unknown };
  try {
    entry = JSON.parse(text);
  } catch (error) {
    throw new RecipeError(
      `${file}: the '${BUNDLE_RUN_KEY}' metadata entry is not valid JSON (${(error as Error).message})`,
      { cause: error },
    );
  }
  if (entry?.format !== CHECKPOINT_FORMAT || entry.version !== CHECKPOINT_VERSION) {
    throw new RecipeError(
      `${file}: the '${BUNDLE_RUN_KEY}' metadata entry is not a heed-nmt run config of version ${CHECKPOINT_VERSION}`,
    );
  }
  return storedConfig(entry.config, file);
}

/**
 * Fields added to `RecipeConfig` after checkpoints of this version were
 * first written, with the value that reproduces a run that predates them
 * (such a run trained without weight averaging).
 */
const PREDATING_FIELDS: Readonly<Partial<RecipeConfig>> = Object.freeze({ averageDecay: 0 });

/**
 * A run config read from `file` (a checkpoint's config.json or a bundle's
 * metadata), validated, with the fields it predates filled in as the run
 * that wrote it trained.
 */
function storedConfig(config: unknown, file: string): RecipeConfig {
  try {
    return validateConfig({ ...PREDATING_FIELDS, ...(config as Record<string, unknown>) });
  } catch (error) {
    throw new RecipeError(`${file}: invalid stored config (${(error as Error).message})`, {
      cause: error,
    });
  }
}

/**
 * Checks that `requested` could load a checkpoint made with `stored`: every
 * field that shapes the model must be equal. Only fields the user set
 * (`explicit`) are compared; the rest are taken from the checkpoint.
 */
export function assertCompatibleConfig(
  stored: RecipeConfig,
  requested: Partial<RecipeConfig>,
  where: string,
): void {
  // Fields left to their defaults compare as what the checkpoint's model has.
  const built: RecipeConfig = {
    ...stored,
    attention: attentionOf(stored),
    bidirectional: encoderIsBidirectional(stored),
  };
  for (const key of ARCHITECTURE_KEYS) {
    const value = requested[key];
    if (value !== undefined && value !== built[key]) {
      throw new RecipeError(
        `${where}: incompatible config: ${flagName(key)} ${String(value)} differs from the checkpoint's ${String(built[key])}; flags that shape the model must match the checkpoint`,
      );
    }
  }
}
