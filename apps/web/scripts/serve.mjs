#!/usr/bin/env node
// `npm run web`: serves the built page (dist/) on 127.0.0.1 with the headers
// that make it cross-origin isolated, and prints its URL.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';

const app = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${app}dist/index.html`)) {
  console.error(
    'apps/web is not built: run `npm run web` from the repository root (it builds first)',
  );
  process.exit(1);
}
const server = await preview({ root: app, preview: { port: Number(process.env.PORT ?? 4173) } });
console.log(`heed web app: ${server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4173/'}`);
console.log('Ctrl+C stops it.');
