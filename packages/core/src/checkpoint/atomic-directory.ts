import { HeedError } from '../errors';
import { nodeModules } from './node-modules';

/**
 * Makes `files` (name → contents) the complete contents of `directory`, so
 * that at every moment `directory` holds either the whole old contents or the
 * whole new ones. The files are written and flushed in a fresh sibling
 * directory (`.<name>.tmp-<uuid>`), which is then renamed into place; an
 * existing directory is first renamed aside and removed only after the new
 * one is in place (put back if that fails). An existing directory is replaced
 * only when it holds nothing but names from `replaceable`, so a mistyped path
 * never deletes unrelated files. A crash can leave a `.tmp-` sibling behind,
 * never a partial `directory`.
 * @param owner Names the caller in error messages.
 */
export async function writeDirectoryAtomically(
  owner: string,
  directory: string,
  files: ReadonlyMap<string, Uint8Array | string>,
  replaceable: readonly string[],
): Promise<void> {
  const { fs, path } = await nodeModules();
  const target = path.resolve(directory);
  const parent = path.dirname(target);
  const existing = await listDirectory(owner, target);
  const foreign = existing?.filter((name) => !replaceable.includes(name)) ?? [];
  if (foreign.length > 0) {
    throw new HeedError(
      `${owner}: ${target} exists and holds files that are not part of a checkpoint (${foreign.join(', ')}); refusing to replace it`,
    );
  }
  await fs.mkdir(parent, { recursive: true });
  // mkdir rather than mkdtemp, so the checkpoint gets the usual permissions (umask), not 0700.
  const temporary = path.join(parent, `.${path.basename(target)}.tmp-${crypto.randomUUID()}`);
  await fs.mkdir(temporary);
  try {
    for (const [name, contents] of files) {
      const handle = await fs.open(path.join(temporary, name), 'w');
      try {
        await handle.writeFile(contents);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    if (existing === undefined) {
      await fs.rename(temporary, target);
    } else {
      await swap(owner, temporary, target);
    }
  } catch (error) {
    await fs.rm(temporary, { recursive: true, force: true });
    if (HeedError.isInstance(error)) throw error;
    throw new HeedError(`${owner}: could not write ${target} (${(error as Error).message})`, {
      cause: error,
    });
  }
}

/** The entries of `target`, or undefined when it does not exist. */
async function listDirectory(owner: string, target: string): Promise<string[] | undefined> {
  const { fs } = await nodeModules();
  try {
    if (!(await fs.stat(target)).isDirectory()) {
      throw new HeedError(`${owner}: ${target} exists and is not a directory`);
    }
    return await fs.readdir(target);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Moves `replacement` to `target`, whose old contents are removed once it is in place. */
async function swap(owner: string, replacement: string, target: string): Promise<void> {
  const { fs } = await nodeModules();
  const previous = `${replacement}.previous`;
  await fs.rename(target, previous);
  try {
    await fs.rename(replacement, target);
  } catch (error) {
    try {
      await fs.rename(previous, target);
    } catch {
      throw new HeedError(
        `${owner}: could not move the new checkpoint to ${target} (${(error as Error).message}) nor put the previous one back; it is kept at ${previous}`,
        { cause: error },
      );
    }
    throw error;
  }
  await fs.rm(previous, { recursive: true, force: true });
}
