/**
 * Node's file-system modules, imported on first use, so importing
 * `@heed/core` in a browser never touches them; only the checkpoint functions
 * that read or write directories need Node.
 */
export async function nodeModules(): Promise<{
  fs: typeof import('node:fs/promises');
  path: typeof import('node:path');
}> {
  const [fs, path] = await Promise.all([
    import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:fs/promises'),
    import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:path'),
  ]);
  return { fs, path };
}
