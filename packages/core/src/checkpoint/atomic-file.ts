import { nodeModules } from './node-modules';

/**
 * Writes `contents` to `file` so that a reader (or a rerun after a crash)
 * sees the old contents or the new, never half a file: to a temporary file
 * beside it, flushed to disk, then renamed over `file`. Creates missing
 * directories; removes the temporary file when anything fails. Node only.
 * @returns The absolute path written.
 */
export async function writeFileAtomically(
  file: string,
  contents: string | Uint8Array,
): Promise<string> {
  const { fs, path } = await nodeModules();
  const target = path.resolve(file);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${crypto.randomUUID()}.tmp`;
  try {
    const handle = await fs.open(temporary, 'w');
    try {
      await handle.writeFile(contents);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  return target;
}
