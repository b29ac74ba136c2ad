import {
  type Checkpoint,
  type CheckpointFiles,
  decodeCheckpoint,
  encodeCheckpoint,
  HeedError,
  loadCheckpoint,
  type SaveCheckpointOptions,
  saveCheckpoint,
} from '@heed/core';

/** Where checkpoints are written and read, by location (a directory, or a name in memory). */
export interface CheckpointStore {
  saveCheckpoint(location: string, options: SaveCheckpointOptions): Promise<void>;
  loadCheckpoint<Config>(location: string): Promise<Checkpoint<Config>>;
}

/**
 * Where a training run keeps its log and its checkpoints. Under Node the
 * trainer's default is a directory (`metrics.jsonl`, `last/`, `best/`); in a
 * page it is a `MemoryRunStorage`. Give your own to send them elsewhere
 * (IndexedDB, a server).
 */
export interface RunStorage extends CheckpointStore {
  /** Names the run, e.g. its directory; reported as `runDirectory`. */
  readonly location: string;
  /** The location of a checkpoint named `name` ('last', 'best', or a path of yours). */
  resolve(name: string): string;
  /** Appends one record (`start`, `step`, `evaluation`, `checkpoint`, `stop`, `error`) to the log. */
  log(type: string, fields: Record<string, unknown>): void;
  /** Ends a `fit`: flushes and closes the log. */
  close(): void;
}

/** The checkpoint functions of `@heed/core`: directories under Node, URLs in a page. */
export const CORE_CHECKPOINTS: CheckpointStore = { saveCheckpoint, loadCheckpoint };

/**
 * Keeps a run in memory, the default in a page: log records in `records`,
 * each checkpoint as the bytes `encodeCheckpoint` gives (`files(location)`),
 * ready to upload, download or store.
 */
export class MemoryRunStorage implements RunStorage {
  readonly location: string;
  /** Every record logged, oldest first, as `{ type, time, ...fields }`. */
  readonly records: Record<string, unknown>[] = [];
  readonly #checkpoints = new Map<string, CheckpointFiles>();

  /** @param location Names the run. Defaults to 'memory'. */
  constructor(location = 'memory') {
    this.location = location;
  }

  resolve(name: string): string {
    return `${this.location}/${name}`;
  }

  log(type: string, fields: Record<string, unknown>): void {
    this.records.push({ type, time: new Date().toISOString(), ...fields });
  }

  close(): void {}

  async saveCheckpoint(location: string, options: SaveCheckpointOptions): Promise<void> {
    this.#checkpoints.set(location, await encodeCheckpoint(options));
  }

  async loadCheckpoint<Config>(location: string): Promise<Checkpoint<Config>> {
    return decodeCheckpoint<Config>(this.files(location), { source: location });
  }

  /** The bytes of the checkpoint saved at `location`. */
  files(location: string): CheckpointFiles {
    const files = this.#checkpoints.get(location);
    if (files === undefined) {
      const saved = [...this.#checkpoints.keys()].join(', ') || 'none';
      throw new HeedError(
        `MemoryRunStorage: no checkpoint was saved at '${location}' (saved: ${saved})`,
      );
    }
    return files;
  }
}
