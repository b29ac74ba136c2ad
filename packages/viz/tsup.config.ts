import { heedTsupConfig } from '../../tooling/tsup';

// `shims` gives the CJS build an `import.meta.url`, which locates the Vega bundles at run time.
export default heedTsupConfig(
  { index: 'src/index.ts', node: 'src/node/index.ts' },
  { shims: true },
);
