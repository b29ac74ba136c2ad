import { builtinModules } from 'node:module';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { createLogger, build as viteBuild } from 'vite';

/** The packages a browser app uses; each must bundle for a page with no Node built-in. */
export const BROWSER_PACKAGES = [
  'core',
  'tokenizers',
  'attention',
  'rnn',
  'transformer',
  'losses',
  'decoding',
  'metrics',
  'viz',
  'train',
  'models',
  'data',
  'recipe',
] as const;

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** A bundle's size, minified, raw and gzipped. */
export interface BundleSize {
  bytes: number;
  gzipBytes: number;
}

/**
 * Imports of Node built-ins in an esbuild metafile, as `what (from file)`:
 * left external, or replaced by an empty module through a package's
 * `browser` map (`(disabled):fs`).
 */
function nodeImports(metafile: esbuild.Metafile): string[] {
  const found = new Set<string>();
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    for (const entry of imports) {
      if (NODE_BUILTINS.has(entry.path) || entry.path.startsWith('(disabled):')) {
        found.add(`${entry.path} (from ${input})`);
      }
    }
  }
  for (const output of Object.values(metafile.outputs)) {
    for (const entry of output.imports) {
      if (NODE_BUILTINS.has(entry.path)) found.add(entry.path);
    }
  }
  return [...found];
}

/**
 * Bundles `@heed/<name>` alone for a page with esbuild (`platform: 'browser'`,
 * minified, TF.js left external as the app's shared dependency) and returns
 * its size and any Node built-in it reached.
 */
export async function bundlePackage(
  name: string,
  resolveDir: string,
): Promise<BundleSize & { nodeImports: string[] }> {
  const result = await esbuild.build({
    stdin: { contents: `export * from '@heed/${name}';`, resolveDir, loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    metafile: true,
    external: ['@tensorflow/*'],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return {
    bytes: code.byteLength,
    gzipBytes: gzipSync(code).byteLength,
    nodeImports: nodeImports(result.metafile),
  };
}

/** Bundles `source` (a page's script; imports resolve from `resolveDir`) with esbuild for a page. */
export async function bundleSource(
  source: string,
  resolveDir: string,
): Promise<{ code: string; nodeImports: string[] }> {
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir, loader: 'ts', sourcefile: 'example.ts' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return {
    code: new TextDecoder().decode(result.outputFiles[0]?.contents),
    nodeImports: nodeImports(result.metafile),
  };
}

/** Bundles a page's script with esbuild and returns its code and any Node built-in it reached. */
export async function bundlePage(
  entry: string,
): Promise<BundleSize & { code: string; nodeImports: string[] }> {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return {
    code: new TextDecoder().decode(code),
    bytes: code.byteLength,
    gzipBytes: gzipSync(code).byteLength,
    nodeImports: nodeImports(result.metafile),
  };
}

/**
 * Builds an app that imports every browser package with Vite (production
 * build for the browser) and returns the JavaScript's size and Vite's
 * warnings about Node built-ins (Vite replaces them with an empty module and
 * says "externalized for browser compatibility" instead of failing).
 */
export async function viteBuildApp(root: string): Promise<BundleSize & { nodeWarnings: string[] }> {
  const warnings: string[] = [];
  const logger = createLogger('warn', { allowClearScreen: false });
  logger.warn = (message) => warnings.push(message);
  logger.warnOnce = (message) => warnings.push(message);
  const output = await viteBuild({
    root,
    configFile: false,
    logLevel: 'warn',
    customLogger: logger,
    build: { outDir: 'dist', write: false, minify: true, chunkSizeWarningLimit: 100_000 },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) =>
    'output' in result ? result.output : [],
  );
  let bytes = 0;
  let gzipBytes = 0;
  const nodeWarnings = warnings.filter((line) =>
    /externalized for browser compatibility/.test(line),
  );
  for (const chunk of chunks) {
    if (chunk.type !== 'chunk') continue;
    bytes += Buffer.byteLength(chunk.code);
    gzipBytes += gzipSync(chunk.code).byteLength;
    if (chunk.code.includes('__vite-browser-external'))
      nodeWarnings.push(`${chunk.fileName} imports __vite-browser-external`);
  }
  return { bytes, gzipBytes, nodeWarnings };
}

/** `123.4 kB` */
export function formatSize(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
