import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packagesDir = fileURLToPath(new URL('../packages/', import.meta.url));

/**
 * `@heed/x` as Node resolves it: a package with a Node build (a `node`
 * condition on `.`) runs `src/node/index.ts` under Node.
 */
const nodeEntries = readdirSync(packagesDir)
  .filter((name) => existsSync(`${packagesDir}${name}/src/node/index.ts`))
  .map((name) => ({
    find: new RegExp(`^@heed/${name}$`),
    replacement: `${packagesDir}${name}/src/node/index.ts`,
  }));

/**
 * The shared vitest configuration: Node, the pure-JS `cpu` backend, generous
 * timeouts for TF.js. `@heed/x` resolves to `packages/x/src/index.ts` (or
 * `src/node/index.ts`, its Node build, when it has one) and `@heed/x/sub` to
 * `packages/x/src/sub/index.ts`, so tests run against sources (the packaging
 * smoke test covers the built files).
 */
export function heedVitestConfig(overrides: { testTimeout?: number } = {}) {
  return defineConfig({
    resolve: {
      alias: [
        ...nodeEntries,
        { find: /^@heed\/([a-z-]+)$/, replacement: `${packagesDir}$1/src/index.ts` },
        { find: /^@heed\/([a-z-]+)\/([a-z-]+)$/, replacement: `${packagesDir}$1/src/$2/index.ts` },
      ],
    },
    test: {
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      setupFiles: [fileURLToPath(new URL('./vitest.setup.ts', import.meta.url))],
      testTimeout: overrides.testTimeout ?? 120_000,
      hookTimeout: 120_000,
      reporters: ['default', 'json'],
      outputFile: { json: '.vitest/results.json' },
      pool: 'forks',
      poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    },
  });
}
