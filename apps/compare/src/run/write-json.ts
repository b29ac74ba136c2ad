import { writeFileAtomically } from '@heed/core/node';

/**
 * Writes `value` as pretty JSON to `file` atomically (see `@heed/core`'s
 * `writeFileAtomically`): a reader, or a rerun after a crash, sees the old
 * contents or the new, never half a file.
 */
export async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  await writeFileAtomically(file, `${JSON.stringify(value, null, 2)}\n`);
}
