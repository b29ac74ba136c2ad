import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CHECKPOINT_FILES, loadInto, locateCheckpoint } from '@heed/core/node';
import type { TrainingState } from '@heed/train';
import { ARCHITECTURE_KEYS, flagName, type NmtConfig } from '../config/nmt-config';
import { validateConfig } from '../config/resolve-config';
import { NmtError } from '../errors';
import { type ModelSpec, modelFromSpec, type NmtModel } from '../model/create-model';
import {
  type TokenizerPair,
  type TokenizerPairJSON,
  tokenizersFromJSON,
} from '../tokenizers/create-tokenizer';

/** Marks the `model` section of a checkpoint's config.json as heed-nmt's. */
export const CHECKPOINT_FORMAT = 'heed-nmt';
/** The version of that section this heed-nmt writes and reads. */
export const CHECKPOINT_VERSION = 1;

/** The `model` section heed-nmt stores in a checkpoint's config.json (through the trainer's `modelConfig`). */
export interface NmtModelRecord {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  /** The architecture and its package's full config. */
  spec: ModelSpec;
  /** The flat config the run was started with. */
  config: NmtConfig;
}

/** A checkpoint's config.json as heed-nmt reads it (the trainer writes `trainer` and `training` too). */
export interface NmtCheckpointConfig {
  model: NmtModelRecord;
  vocab: TokenizerPairJSON;
  trainer?: unknown;
  training?: TrainingState;
}

/** A checkpoint loaded for translation: model, tokenizers and config. */
export interface LoadedCheckpoint {
  /** The checkpoint directory (the one holding config.json). */
  directory: string;
  /** The run directory it belongs to (holding metrics.jsonl), when it is a run's `best/` or `last/`. */
  runDirectory: string | undefined;
  model: NmtModel;
  tokenizers: TokenizerPair;
  record: NmtModelRecord;
  training: TrainingState | undefined;
}

export function modelRecord(spec: ModelSpec, config: NmtConfig): NmtModelRecord {
  return { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, spec, config };
}

/**
 * The checkpoint directory `path` names: `path` itself when it holds
 * config.json, else its `best/` (preferred) or `last/` — so a run directory
 * works wherever a checkpoint is asked for.
 */
export async function resolveCheckpointDirectory(path: string): Promise<string> {
  const directory = resolve(path);
  if (!existsSync(directory)) {
    throw new NmtError(`${path}: no such checkpoint or run directory`);
  }
  if (existsSync(join(directory, CHECKPOINT_FILES.config))) return directory;
  for (const name of ['best', 'last']) {
    // A save killed between its renames leaves the checkpoint in a `.previous` copy.
    const found = await locateCheckpoint(join(directory, name));
    if (found) return found;
  }
  const present = (['best', 'last'] as const).filter((name) => existsSync(join(directory, name)));
  throw new NmtError(
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
 * and both tokenizers. Every failure is a one-line `NmtError` naming the file.
 */
export async function readCheckpointConfig(directory: string): Promise<NmtCheckpointConfig> {
  const file = join(directory, CHECKPOINT_FILES.config);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new NmtError(`${file}: cannot read (${(error as Error).message})`, { cause: error });
  }
  let json: Partial<NmtCheckpointConfig>;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new NmtError(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const record = json?.model as Partial<NmtModelRecord> | undefined;
  if (typeof record !== 'object' || record === null || record.format !== CHECKPOINT_FORMAT) {
    throw new NmtError(
      `${file}: not a heed-nmt checkpoint (its model section is not '${CHECKPOINT_FORMAT}')`,
    );
  }
  if (record.version !== CHECKPOINT_VERSION) {
    throw new NmtError(
      `${file}: checkpoint format version ${JSON.stringify(record.version)} is not supported; this heed-nmt reads version ${CHECKPOINT_VERSION}`,
    );
  }
  if (
    typeof record.spec !== 'object' ||
    record.spec === null ||
    typeof record.config !== 'object'
  ) {
    throw new NmtError(`${file}: the heed-nmt model section lacks its spec or config`);
  }
  try {
    validateConfig({ ...record.config } as Record<string, unknown>);
  } catch (error) {
    throw new NmtError(`${file}: invalid stored config (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (
    typeof json.vocab !== 'object' ||
    json.vocab === null ||
    !json.vocab.source ||
    !json.vocab.target
  ) {
    throw new NmtError(`${file}: the checkpoint holds no source and target tokenizers`);
  }
  return json as NmtCheckpointConfig;
}

/**
 * Loads a checkpoint (or a run directory's best/last checkpoint) for
 * translation: rebuilds the model from its stored spec and loads the weights
 * (names, shapes and dtypes checked), and rebuilds both tokenizers.
 */
export async function loadTranslationCheckpoint(path: string): Promise<LoadedCheckpoint> {
  const directory = await resolveCheckpointDirectory(path);
  const stored = await readCheckpointConfig(directory);
  const file = join(directory, CHECKPOINT_FILES.config);
  let tokenizers: TokenizerPair;
  try {
    tokenizers = tokenizersFromJSON(stored.vocab);
  } catch (error) {
    throw new NmtError(`${file}: invalid tokenizer (${(error as Error).message})`, {
      cause: error,
    });
  }
  let model: NmtModel;
  try {
    model = modelFromSpec(stored.model.spec);
  } catch (error) {
    throw new NmtError(`${file}: cannot build the stored model (${(error as Error).message})`, {
      cause: error,
    });
  }
  checkVocabularies(file, stored.model.spec, tokenizers);
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
    training: stored.training,
  };
}

function checkVocabularies(file: string, spec: ModelSpec, tokenizers: TokenizerPair): void {
  const source = tokenizers.source.vocab.size;
  const target = tokenizers.target.vocab.size;
  if (spec.config.sourceVocabSize !== source || spec.config.targetVocabSize !== target) {
    throw new NmtError(
      `${file}: the model's vocabularies (${spec.config.sourceVocabSize} source, ${spec.config.targetVocabSize} target) do not match its tokenizers (${source}, ${target})`,
    );
  }
}

/**
 * Checks that `requested` could load a checkpoint made with `stored`: every
 * field that shapes the model must be equal. Only fields the user set
 * (`explicit`) are compared; the rest are taken from the checkpoint.
 */
export function assertCompatibleConfig(
  stored: NmtConfig,
  requested: Partial<NmtConfig>,
  where: string,
): void {
  for (const key of ARCHITECTURE_KEYS) {
    const value = requested[key];
    if (value !== undefined && value !== stored[key]) {
      throw new NmtError(
        `${where}: incompatible config: ${flagName(key)} ${String(value)} differs from the checkpoint's ${String(stored[key])}; flags that shape the model must match the checkpoint`,
      );
    }
  }
}
