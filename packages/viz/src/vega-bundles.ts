import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The browser builds a report inlines, in load order (vega-embed needs the other two). */
const PACKAGES = ['vega', 'vega-lite', 'vega-embed'] as const;

let cached: string[] | undefined;

/**
 * The minified browser bundles of vega, vega-lite and vega-embed, read from the
 * installed packages (their `unpkg` entry) at run time, so a report embeds
 * exactly the versions this package depends on and works offline.
 */
export function vegaBundles(): readonly string[] {
  cached ??= PACKAGES.map((name) => readFileSync(browserBundlePath(name), 'utf8'));
  return cached;
}

function browserBundlePath(name: string): string {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch (cause) {
    throw new Error(
      `renderReport: cannot find the package '${name}', which draws the report's charts. Install @heed/viz's dependencies.`,
      { cause },
    );
  }
  // The packages export only their module entry, so walk up from it to the
  // package root and read the browser bundle's path from package.json.
  for (let directory = path.dirname(entry); ; directory = path.dirname(directory)) {
    const manifestPath = path.join(directory, 'package.json');
    if (existsSync(manifestPath)) {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
        name?: string;
        unpkg?: string;
        jsdelivr?: string;
      };
      const bundle = manifest.unpkg ?? manifest.jsdelivr;
      if (manifest.name === name && bundle) return path.join(directory, bundle);
    }
    if (path.dirname(directory) === directory) {
      throw new Error(`renderReport: '${name}' has no browser bundle (no "unpkg" field).`);
    }
  }
}
