import { defineConfig } from 'vitest/config';

// No @heed/* aliases: this suite bundles and runs the built packages, as an app would.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/results.json' },
  },
});
