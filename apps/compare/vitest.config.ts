import { fileURLToPath } from 'node:url';
import { mergeConfig } from 'vitest/config';
import { heedVitestConfig } from '../../tooling/vitest';

// @heed/nmt lives in apps/, outside the shared config's packages/ alias.
const nmtSource = fileURLToPath(new URL('../nmt/src/index.ts', import.meta.url));

export default mergeConfig(heedVitestConfig(), {
  resolve: { alias: [{ find: /^@heed\/nmt$/, replacement: nmtSource }] },
});
