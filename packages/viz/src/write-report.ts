import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { type ReportInput, renderReport } from './report';

/**
 * Renders a report and writes it to `file` atomically: the HTML goes to a
 * temporary file beside it, is flushed to disk, then renamed over `file`, so a
 * reader never sees a half-written page. Creates missing directories.
 * @returns The absolute path written.
 */
export async function writeReport(file: string, input: ReportInput): Promise<string> {
  const html = renderReport(input);
  const target = path.resolve(file);
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(html, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return target;
}
