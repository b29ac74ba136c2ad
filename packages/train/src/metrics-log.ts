import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * An append-only JSONL log: one JSON object per line, written (unbuffered)
 * as it happens, so a crash loses nothing already logged. A resumed run
 * appends to the same file; a step logged twice (after a crash, before the
 * resume point) is superseded by the later line.
 */
export class MetricsLog {
  readonly file: string;
  #descriptor: number | undefined;

  constructor(file: string) {
    this.file = path.resolve(file);
    mkdirSync(path.dirname(this.file), { recursive: true });
    this.#descriptor = openSync(this.file, 'a');
  }

  /** Appends `{ type, time, ...fields }`; non-finite numbers are written as strings ('NaN'). */
  write(type: string, fields: Record<string, unknown>): void {
    if (this.#descriptor === undefined) return;
    const record = { type, time: new Date().toISOString(), ...fields };
    const line = JSON.stringify(record, (_, value) =>
      typeof value === 'number' && !Number.isFinite(value) ? String(value) : value,
    );
    writeSync(this.#descriptor, `${line}\n`);
  }

  close(): void {
    if (this.#descriptor !== undefined) closeSync(this.#descriptor);
    this.#descriptor = undefined;
  }
}
