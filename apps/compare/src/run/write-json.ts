import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * Writes `value` as pretty JSON to `file` atomically: to a temporary file
 * beside it, flushed to disk, then renamed over `file`, so a reader (or a
 * rerun after a crash) sees the old contents or the new, never half a file.
 * Creates missing directories.
 */
export async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  await writeTextAtomically(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Writes `text` to `file` atomically (temporary file, fsync, rename). */
export async function writeTextAtomically(file: string, text: string): Promise<void> {
  const target = resolve(file);
  await mkdir(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
