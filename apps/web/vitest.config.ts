import { defineConfig } from 'vitest/config';

// No @heed/* aliases: test/ drives the built page (dist/) in Chromium, and
// src/ tests use the built packages the page bundles.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/results.json' },
  },
});
