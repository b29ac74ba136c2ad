import { defineConfig } from 'tsup';
import { heedTsupConfig } from '../../tooling/tsup';

export default [
  // The library: run a comparison from code, reuse its table and report builders.
  heedTsupConfig({ index: 'src/index.ts' }, { clean: false }),
  // The `heed-compare` executable: one ESM file with its shebang kept.
  defineConfig({
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    clean: false,
    splitting: false,
    external: [/^@tensorflow\//, /^@heed\//, 'commander'],
  }),
];
