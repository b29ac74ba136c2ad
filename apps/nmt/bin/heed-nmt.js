#!/usr/bin/env node
// The `heed-nmt` command as npm links it. It is committed (not built), so
// `npm ci` links it before anything is built; it runs the built CLI, or says
// how to build it.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    'heed-nmt: error: the CLI is not built yet (no apps/nmt/dist/cli.js); run npm run build first, from the repository root\n',
  );
  process.exit(1);
}
await import(cli.href);
