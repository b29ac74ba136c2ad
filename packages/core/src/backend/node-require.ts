import { describeError } from './optional-module';

/** True in Node (and Node-compatible runtimes), false in a browser. */
export function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/**
 * A CommonJS `require` that resolves packages from where `@heed/core` is
 * installed. Node's built-ins are imported on first use, so importing
 * `@heed/core` in a browser never touches them.
 */
export async function nodeRequire(): Promise<NodeJS.Require> {
  const { createRequire } = await import(
    /* webpackIgnore: true */ /* @vite-ignore */ 'node:module'
  );
  // The CommonJS build has `__filename`; the ES-module build has `import.meta.url`.
  const base = typeof __filename === 'string' ? __filename : import.meta.url;
  return createRequire(base);
}

/** Where an installed package lives. */
export interface InstalledPackage {
  /** Absolute path of the package directory, with a trailing separator. */
  directory: string;
  version: string;
}

/** Finds an installed package's directory and version, or says why it cannot. */
export async function locatePackage(
  name: string,
): Promise<{ found: InstalledPackage } | { why: string }> {
  try {
    const require = await nodeRequire();
    const manifestPath = require.resolve(`${name}/package.json`);
    const manifest = require(manifestPath) as { version?: unknown };
    const directory = manifestPath.slice(0, -'package.json'.length);
    return { found: { directory, version: String(manifest.version) } };
  } catch (error) {
    return { why: `cannot locate ${name}: ${describeError(error)}` };
  }
}
