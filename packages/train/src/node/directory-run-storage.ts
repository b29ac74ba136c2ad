import path from 'node:path';
import { MetricsLog } from '../metrics-log';
import { CORE_CHECKPOINTS, type RunStorage } from '../run-storage';

/**
 * A run kept in a directory, the trainer's default under Node:
 * `metrics.jsonl` (appended, unbuffered), and checkpoint directories
 * (`last/`, `best/`) written atomically by `@heed/core`'s `saveCheckpoint`.
 */
export class DirectoryRunStorage implements RunStorage {
  readonly location: string;
  readonly saveCheckpoint = CORE_CHECKPOINTS.saveCheckpoint;
  readonly loadCheckpoint = CORE_CHECKPOINTS.loadCheckpoint;
  #log: MetricsLog | undefined;

  constructor(directory: string) {
    this.location = path.resolve(directory);
  }

  resolve(name: string): string {
    return path.resolve(this.location, name);
  }

  log(type: string, fields: Record<string, unknown>): void {
    this.#log ??= new MetricsLog(path.join(this.location, 'metrics.jsonl'));
    this.#log.write(type, fields);
  }

  close(): void {
    this.#log?.close();
    this.#log = undefined;
  }
}
