import { HeedError } from '../errors';
import { nodeModules } from './node-modules';

/**
 * Makes `files` (name → contents) the complete contents of `directory`. The
 * files are written and flushed in a fresh sibling directory
 * (`.<name>.tmp-<uuid>`); an existing directory is then renamed aside (to
 * `.<name>.tmp-<uuid>.previous`), the new one renamed into place, and the old
 * one removed (or put back if the second rename fails). A process killed
 * between the two renames leaves the complete old checkpoint as the
 * `.previous` sibling: `resolveDirectory` reads it from there and
 * `recoverDirectory` (run first by every write) puts it back, so a complete
 * old or new `directory` is always found. An existing directory is replaced
 * only when it holds nothing but names from `replaceable`, so a mistyped path
 * never deletes unrelated files.
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
  await recoverDirectory(owner, target);
  const existing = await listDirectory(owner, target);
  const foreign = existing?.filter((name) => !replaceable.includes(name)) ?? [];
  if (foreign.length > 0) {
    throw new HeedError(
      `${owner}: ${target} exists and holds files that are not part of a checkpoint (${foreign.join(', ')}); refusing to replace it`,
    );
  }
  await fs.mkdir(parent, { recursive: true });
  // mkdir rather than mkdtemp, so the checkpoint gets the usual permissions (umask), not 0700.
  const temporary = path.join(parent, `${leftoverPrefix(target)}${crypto.randomUUID()}`);
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

/** What `recoverDirectory` did. */
export interface DirectoryRecovery {
  /** The `.previous` copy moved back to the directory's name, if one was. */
  restored: string | undefined;
  /** Leftovers of interrupted writes that were removed. */
  removed: string[];
}

/**
 * Repairs what interrupted `writeDirectoryAtomically` calls left beside
 * `directory`: when `directory` is missing, its newest complete `.previous`
 * copy is renamed back; then every `.<name>.tmp-*` staging directory and
 * `.previous` copy is removed. Only the writer of `directory` should call it
 * (a concurrent write's staging directory would be removed too).
 */
export async function recoverDirectory(
  owner: string,
  directory: string,
): Promise<DirectoryRecovery> {
  const { fs, path } = await nodeModules();
  const target = path.resolve(directory);
  const leftovers = await findLeftovers(target);
  let restored: string | undefined;
  const previous = await newestPrevious(leftovers);
  if (previous !== undefined && (await listDirectory(owner, target)) === undefined) {
    await fs.rename(previous, target);
    restored = previous;
  }
  const removed = leftovers.filter((leftover) => leftover !== restored);
  for (const leftover of removed) await fs.rm(leftover, { recursive: true, force: true });
  return { restored, removed };
}

/**
 * The directory to read for `directory`: itself, or, when an interrupted
 * write left it missing, the complete `.previous` copy it left beside it.
 * Changes nothing on disk, so it is safe while another process writes.
 */
export async function resolveDirectory(directory: string): Promise<string> {
  const { path } = await nodeModules();
  const target = path.resolve(directory);
  if ((await listDirectory('loadCheckpoint', target)) !== undefined) return target;
  return (await newestPrevious(await findLeftovers(target))) ?? target;
}

/** `.<name>.tmp-`: the start of every leftover name of `target` (absolute). */
function leftoverPrefix(target: string): string {
  return `.${target.slice(Math.max(target.lastIndexOf('/'), target.lastIndexOf('\\')) + 1)}.tmp-`;
}

/** The absolute paths of `target`'s staging directories and `.previous` copies. */
async function findLeftovers(target: string): Promise<string[]> {
  const { fs, path } = await nodeModules();
  const parent = path.dirname(target);
  const prefix = leftoverPrefix(target);
  let names: string[];
  try {
    names = await fs.readdir(parent);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  }
  return names.filter((name) => name.startsWith(prefix)).map((name) => path.join(parent, name));
}

/**
 * The newest `.previous` copy among `leftovers`. A `.previous` copy is
 * complete: it is the old directory, renamed aside whole after the new one
 * was written.
 */
async function newestPrevious(leftovers: readonly string[]): Promise<string | undefined> {
  const { fs } = await nodeModules();
  let newest: { path: string; time: number } | undefined;
  for (const leftover of leftovers) {
    if (!leftover.endsWith('.previous')) continue;
    const time = (await fs.stat(leftover)).mtimeMs;
    if (newest === undefined || time > newest.time) newest = { path: leftover, time };
  }
  return newest?.path;
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
