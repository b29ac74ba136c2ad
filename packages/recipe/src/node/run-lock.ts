import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { RecipeError } from '../errors';

/** The file that names the process training in a run directory. */
export const RUN_LOCK_FILE = 'run.lock';

/** What `run.lock` records about the process that holds a run directory. */
export interface RunLockHolder {
  pid: number;
  host: string;
  /** What it is doing, e.g. `heed-nmt train`. */
  command: string;
  /** ISO time it took the directory. */
  since: string;
}

/**
 * One process's hold on a run directory, so that two processes never train,
 * resume or repair the same run at once: the second would repeat the first's
 * updates, and its repair of an "interrupted" save would remove the save the
 * first is making. `<run>/run.lock` names the holder while it is held.
 *
 * A lock left by a process that died without releasing it (killed, or the
 * machine stopped) is taken over when that process is gone from this host.
 * A lock from another host is never taken over: its holder cannot be
 * checked, so the error says which file to remove. Directories the lock made
 * are removed on release when nothing else was written to them, so a run that
 * failed before writing leaves nothing behind.
 */
export class RunLock {
  readonly file: string;
  readonly holder: RunLockHolder;
  /** The dead process whose lock this one replaced, if any. */
  readonly replaced: RunLockHolder | undefined;
  /** The outermost directory `tryAcquire` made, if any. */
  readonly #made: string | undefined;

  private constructor(
    file: string,
    holder: RunLockHolder,
    replaced: RunLockHolder | undefined,
    made: string | undefined,
  ) {
    this.file = file;
    this.holder = holder;
    this.replaced = replaced;
    this.#made = made;
  }

  /**
   * Takes `directory` (made if missing) for this process, or returns the
   * live process that holds it. The lock file appears whole or not at all
   * (a hard link to a finished file), so a reader never sees half of it.
   */
  static async tryAcquire(directory: string, command: string): Promise<RunLock | RunLockHolder> {
    const made = await mkdir(directory, { recursive: true });
    const file = join(directory, RUN_LOCK_FILE);
    const holder: RunLockHolder = {
      pid: process.pid,
      host: hostname(),
      command,
      since: new Date().toISOString(),
    };
    const draft = join(directory, `.${RUN_LOCK_FILE}.${randomUUID()}.tmp`);
    await writeFile(draft, `${JSON.stringify(holder)}\n`);
    try {
      let replaced: RunLockHolder | undefined;
      for (;;) {
        try {
          await link(draft, file);
          return new RunLock(file, holder, replaced, made);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        const current = await readHolder(file);
        if (current === undefined) continue;
        if (isAlive(current)) return current;
        if (replaced !== undefined) return current;
        replaced = current;
        await rm(file, { force: true });
      }
    } finally {
      await rm(draft, { force: true });
    }
  }

  /**
   * Takes `directory` for this process, or throws an error naming the
   * process that holds it. `shown` is the directory as the user gave it.
   */
  static async acquire(directory: string, command: string, shown = directory): Promise<RunLock> {
    const outcome = await RunLock.tryAcquire(directory, command);
    if (outcome instanceof RunLock) return outcome;
    throw new RecipeError(
      `${shown} is in use: ${describeHolder(outcome)}; wait for it to finish or stop it` +
        (outcome.host === hostname()
          ? ''
          : ` (if it is gone, remove ${join(shown, RUN_LOCK_FILE)})`),
    );
  }

  /**
   * Gives the directory up: the lock file goes only while it still names
   * this lock, and the directories it made go while they are empty.
   */
  async release(): Promise<void> {
    const current = await readHolder(this.file);
    if (
      current !== undefined &&
      current.pid === this.holder.pid &&
      current.host === this.holder.host &&
      current.since === this.holder.since
    ) {
      await rm(this.file, { force: true });
    }
    if (this.#made === undefined) return;
    for (let directory = dirname(this.file); ; directory = dirname(directory)) {
      try {
        await rmdir(directory);
      } catch {
        return; // Not empty: something else was written there.
      }
      if (relative(this.#made, directory) === '') return;
    }
  }
}

/** `process 123 on host-a (heed-nmt train, since 2026-12-02T17:00:00.000Z)`. */
export function describeHolder(holder: RunLockHolder): string {
  return `process ${holder.pid} on ${holder.host} (${holder.command}, since ${holder.since})`;
}

/** The holder a lock file names; undefined when the file is gone. */
async function readHolder(file: string): Promise<RunLockHolder | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const holder = JSON.parse(text) as Partial<RunLockHolder>;
    if (
      typeof holder.pid === 'number' &&
      typeof holder.host === 'string' &&
      typeof holder.command === 'string' &&
      typeof holder.since === 'string'
    ) {
      return holder as RunLockHolder;
    }
  } catch {
    // Reported below with the file's name.
  }
  throw new RecipeError(
    `${file}: not a heed run lock (expected {"pid", "host", "command", "since"}); remove it if no heed process is using this run. Received: ${JSON.stringify(text.slice(0, 200))}`,
  );
}

/** Whether the holder still runs; one on another host is taken to. */
function isAlive(holder: RunLockHolder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
