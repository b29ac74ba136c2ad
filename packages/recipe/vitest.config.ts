import { heedVitestConfig } from '../../tooling/vitest';

export default heedVitestConfig();
