import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { errorLine } from '@heed/core';
import { NmtError } from '../errors';

/**
 * Imports each module named by `--plugin` (paths relative to the working
 * directory) before the command runs, so that what it registers (an attention
 * type, with `registerAttention`) can be named in flags, config files and
 * checkpoints. A `.ts` file is loaded through `tsx` when Node cannot load
 * TypeScript itself. The plugin must import the same `@heed/attention` as
 * heed-nmt (one installation), or it registers into another registry.
 */
export async function loadPlugins(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    const url = pathToFileURL(resolve(path)).href;
    try {
      await import(url);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') {
        throw new NmtError(`--plugin ${path}: ${errorLine(error)}`);
      }
      await registerTypeScript(path);
      try {
        await import(url);
      } catch (retried) {
        throw new NmtError(`--plugin ${path}: ${errorLine(retried)}`);
      }
    }
  }
}

/** Lets Node import `.ts` files through tsx's loader, which must be installed. */
async function registerTypeScript(path: string): Promise<void> {
  const specifier = 'tsx/esm/api';
  try {
    const tsx = (await import(specifier)) as { register: () => unknown };
    tsx.register();
  } catch {
    throw new NmtError(
      `--plugin ${path}: a TypeScript plugin needs tsx (npm i -D tsx), or compile it to JavaScript`,
    );
  }
}
