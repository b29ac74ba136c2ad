import { heedVitestConfig } from '../../tooling/vitest';

// The shared configuration, minus its TF.js setup file: this package never touches
// tensors, so its tests skip loading the TF.js backends.
const config = heedVitestConfig();
if (config.test) config.test.setupFiles = [];

export default config;
