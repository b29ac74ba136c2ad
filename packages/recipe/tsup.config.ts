import { heedTsupConfig } from '../../tooling/tsup';

export default heedTsupConfig({
  index: 'src/index.ts',
  node: 'src/node/index.ts',
  cli: 'src/cli/index.ts',
});
