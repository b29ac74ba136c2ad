import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CONFIG_FIELDS, type CompareConfig } from '../config/compare-config';
import { CompareError } from '../errors';
import type { ModelName } from '../models/model-names';
import type { ModelResult } from './model-result';
import { writeJsonAtomically } from './write-json';

/** Marks the files heed-compare writes and reads back. */
export const RESULT_FORMAT = 'heed-compare';
/** Version of those files' layout. */
export const RESULT_VERSION = 2;

/**
 * Where a comparison keeps its work:
 *
 * ```
 * <root>/settings.json           the settings every model runs with (checked on a rerun)
 * <root>/models/<name>/seed-<s>/          the model's heed-nmt run with seed s: metrics.jsonl, last/, best/
 *                                         (and run.lock while a process trains or tests it)
 * <root>/results/<name>/seed-<s>.json     that run's numbers (written atomically)
 * <root>/results.json            every selected model's numbers and the settings
 * <root>/table.md                the markdown tables printed on stdout
 * <root>/report.html             the HTML report
 * ```
 */
export class OutputDirectory {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  get settingsFile(): string {
    return join(this.root, 'settings.json');
  }

  get resultsFile(): string {
    return join(this.root, 'results.json');
  }

  get tableFile(): string {
    return join(this.root, 'table.md');
  }

  get reportFile(): string {
    return join(this.root, 'report.html');
  }

  /** The training run directory of a model with one seed (a heed-nmt run directory). */
  modelDirectory(name: ModelName, seed: number): string {
    return join(this.root, 'models', name, `seed-${seed}`);
  }

  resultFile(name: ModelName, seed: number): string {
    return join(this.root, 'results', name, `seed-${seed}.json`);
  }

  /**
   * Makes the directory this comparison's: a fresh one records `settings`;
   * one that holds an earlier run must have been started with the very same
   * settings (so finished models can be reused), else a one-line error says
   * which fields differ.
   */
  async claim(settings: CompareConfig): Promise<'new' | 'resumed'> {
    if (!existsSync(this.settingsFile)) {
      await writeJsonAtomically(this.settingsFile, {
        format: RESULT_FORMAT,
        version: RESULT_VERSION,
        settings,
      });
      return 'new';
    }
    const stored = await readJson<{ format?: string; settings?: CompareConfig }>(this.settingsFile);
    if (stored.format !== RESULT_FORMAT || typeof stored.settings !== 'object') {
      throw new CompareError(`${this.settingsFile}: not a heed-compare settings file`);
    }
    const differences = differingFields(stored.settings as CompareConfig, settings);
    if (differences.length > 0) {
      throw new CompareError(
        `${this.root} holds a comparison run with other settings (${differences.join('; ')}); rerun with the same settings to resume it, or choose another --out`,
      );
    }
    return 'resumed';
  }

  /** A finished run's result, or undefined when it has none yet. */
  async readResult(name: ModelName, seed: number): Promise<ModelResult | undefined> {
    const file = this.resultFile(name, seed);
    if (!existsSync(file)) return undefined;
    const result = await readJson<ModelResult & { format?: string; version?: number }>(file);
    if (result.format !== RESULT_FORMAT || result.name !== name || result.seed !== seed) {
      throw new CompareError(
        `${file}: not a heed-compare result for model '${name}', seed ${seed}`,
      );
    }
    if (result.version !== RESULT_VERSION) {
      throw new CompareError(
        `${file}: written by another heed-compare layout (version ${result.version}, this one reads ${RESULT_VERSION}); choose another --out`,
      );
    }
    return result;
  }

  async writeResult(result: ModelResult): Promise<void> {
    await writeJsonAtomically(this.resultFile(result.name, result.seed), result);
  }
}

/** `steps: 200 → 300` for every field whose value differs, in the config's field order. */
function differingFields(stored: CompareConfig, requested: CompareConfig): string[] {
  const keys = [...new Set([...CONFIG_FIELDS, ...Object.keys(stored), ...Object.keys(requested)])];
  return keys
    .filter(
      (key) =>
        JSON.stringify(stored[key as keyof CompareConfig]) !==
        JSON.stringify(requested[key as keyof CompareConfig]),
    )
    .map(
      (key) =>
        `${key}: ${JSON.stringify(stored[key as keyof CompareConfig]) ?? 'unset'} → ${JSON.stringify(requested[key as keyof CompareConfig]) ?? 'unset'}`,
    );
}

async function readJson<T>(file: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CompareError(`${file}: cannot read (${(error as Error).message})`, { cause: error });
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new CompareError(`${file}: not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
}
