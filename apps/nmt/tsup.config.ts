import { defineConfig } from 'tsup';
import { heedTsupConfig } from '../../tooling/tsup';

export default [
  // heed-nmt's own library entry (evaluation, heat maps, the CLI): ESM + CJS + types.
  heedTsupConfig({ index: 'src/index.ts' }, { clean: false }),
  // The `heed-nmt` executable: one ESM file with its shebang kept.
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
