import { defineConfig, type Options } from 'tsup';

/**
 * The one tsup configuration every heed package builds with: ESM + CJS,
 * `.d.ts`/`.d.cts`, sourcemaps, and every `@tensorflow/*` and `@heed/*`
 * import left external so a user's app keeps a single TF.js engine. Entry
 * points of one package share chunks (`splitting`), so a module they both
 * use (an error class, a registry) exists once however many of a package's
 * entry points an app imports, e.g. `@heed/core` and `@heed/core/node`.
 *
 * @param entry Entry points, e.g. `{ index: 'src/index.ts', testing: 'src/testing/index.ts' }`.
 * @param overrides Package-specific tsup options (rarely needed).
 */
export function heedTsupConfig(
  entry: Record<string, string> = { index: 'src/index.ts' },
  overrides: Options = {},
) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    splitting: true,
    treeshake: true,
    // Class names appear in error messages (`RnnSeq2Seq: parameters do not match`);
    // without this esbuild may rename a class to `_RnnSeq2Seq`.
    keepNames: true,
    external: [/^@tensorflow\//, /^@heed\//],
    ...overrides,
  });
}
