import { heedTsupConfig } from '../../tooling/tsup';

export default heedTsupConfig({ index: 'src/index.ts', layers: 'src/layers/index.ts' });
