import '@tensorflow/tfjs-backend-cpu';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLE_NAMES,
  type BundleName,
  type BundleScenarioResult,
  type BundleTranslations,
} from './bundle-scenario';
import {
  BROWSER_PACKAGES,
  bundlePackage,
  bundlePage,
  bundleSource,
  formatSize,
  viteBuildApp,
} from './bundles';
import { collectErrors, launchChromium } from './chromium';
import { exportBundles, translateWithCli } from './export-bundles';
import { type ModelResult, runScenario, type ScenarioResult } from './scenario';

/** How far a page's numbers may be from Node's cpu numbers. */
const TOLERANCE = 1e-5;
const testDir = fileURLToPath(new URL('..', import.meta.url));
const repositoryRoot = join(testDir, '..', '..');
const scratch = join(testDir, '.vitest', 'scratch');
/** Where the exported bundles are written and served from (`/bundles/<name>/model.safetensors`). */
const bundleDir = join(scratch, 'bundles');
/** heed-nmt as npm links it: the built CLI. */
const heedNmt = join(repositoryRoot, 'apps', 'nmt', 'bin', 'heed-nmt.js');

let server: Server;
let baseUrl: string;
let browser: Browser;
let nodeResult: ScenarioResult;

/**
 * Serves on 127.0.0.1 a page per script (`/?script=app` runs `scripts.app`),
 * tfjs-backend-wasm's binaries under `/wasm/` and the exported bundles under
 * `/bundles/`.
 */
async function servePages(scripts: Record<string, string>): Promise<void> {
  const wasmDir = join(
    dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')),
    'dist',
  );
  const html = (script: string) =>
    `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>heed</title></head><body><script type="module" src="/${script}.js"></script></body></html>`;
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const script = url.pathname.slice(1, -'.js'.length);
    if (url.pathname === '/') {
      response.setHeader('content-type', 'text/html');
      response.end(html(url.searchParams.get('script') ?? 'app'));
    } else if (url.pathname.endsWith('.js') && scripts[script] !== undefined) {
      response.setHeader('content-type', 'text/javascript');
      response.end(scripts[script]);
    } else if (/^\/wasm\/[\w-]+\.wasm$/.test(url.pathname)) {
      serveFile(response, join(wasmDir, url.pathname.slice('/wasm/'.length)), 'application/wasm');
    } else if (/^\/bundles\/[\w-]+\/model\.safetensors$/.test(url.pathname)) {
      serveFile(
        response,
        join(bundleDir, url.pathname.slice('/bundles/'.length)),
        'application/octet-stream',
      );
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function serveFile(response: ServerResponse, file: string, contentType: string): void {
  readFile(file).then(
    (bytes) => {
      response.setHeader('content-type', contentType);
      response.end(bytes);
    },
    () => {
      response.statusCode = 404;
      response.end();
    },
  );
}

/** The README's browser example: the ```ts block of its "## Browser" section. */
async function readmeExample(): Promise<string> {
  const readme = await readFile(join(repositoryRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Browser\n'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined)
    throw new Error('README.md: no ```ts example in the "## Browser" section');
  return block;
}

/** The README's browser example, bundled for a page as a user would. */
async function bundleReadmeExample(): Promise<string> {
  const bundle = await bundleSource(await readmeExample(), repositoryRoot);
  return bundle.code;
}

beforeAll(async () => {
  const page = await bundlePage(fileURLToPath(new URL('./page.ts', import.meta.url)));
  // TF.js and its dependencies map their Node-only modules away (their `browser` field); heed may not.
  const fromHeed = page.nodeImports.filter((line) => /\(from [^)]*(packages|@heed)\//.test(line));
  expect(fromHeed).toEqual([]);
  console.log(
    `test page bundle (TF.js with cpu, webgl and wasm backends + heed): ${formatSize(page.bytes)}, ${formatSize(page.gzipBytes)} gzipped`,
  );
  const bundleScript = await bundlePage(
    fileURLToPath(new URL('./bundle-page.ts', import.meta.url)),
  );
  expect(
    bundleScript.nodeImports.filter((line) => /\(from [^)]*(packages|@heed)\//.test(line)),
  ).toEqual([]);
  await servePages({
    app: page.code,
    bundle: bundleScript.code,
    readme: await bundleReadmeExample(),
  });
  browser = await launchChromium();
  nodeResult = await runScenario('cpu');
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await rm(scratch, { recursive: true, force: true });
});

describe('bundling for a page', () => {
  it('bundles every browser package with esbuild, with no Node built-in', async () => {
    const rows: string[] = [];
    for (const name of BROWSER_PACKAGES) {
      const bundle = await bundlePackage(name, testDir);
      expect({ name, nodeImports: bundle.nodeImports }).toEqual({ name, nodeImports: [] });
      rows.push(
        `@heed/${name}`.padEnd(20) +
          `${formatSize(bundle.bytes)}`.padStart(10) +
          `${formatSize(bundle.gzipBytes)}`.padStart(10),
      );
    }
    console.log(
      [
        'esbuild, minified, TF.js external:',
        `${'package'.padEnd(20)}${'raw'.padStart(10)}${'gzip'.padStart(10)}`,
        ...rows,
      ].join('\n'),
    );
  });

  it('builds an app that imports every browser package with Vite, with no Node built-in', async () => {
    const root = join(scratch, 'vite-app');
    await mkdir(root, { recursive: true });
    const imports = BROWSER_PACKAGES.map((name, i) => `import * as p${i} from '@heed/${name}';`);
    await writeFile(
      join(root, 'main.js'),
      `import '@tensorflow/tfjs-backend-cpu';\n${imports.join('\n')}\nconsole.log(${BROWSER_PACKAGES.map((_, i) => `Object.keys(p${i}).length`).join(' + ')});\n`,
    );
    await writeFile(
      join(root, 'index.html'),
      '<!doctype html><script type="module" src="./main.js"></script>\n',
    );
    const app = await viteBuildApp(root);
    expect(app.nodeWarnings).toEqual([]);
    console.log(
      `Vite app with every browser package and TF.js (cpu): ${formatSize(app.bytes)}, ${formatSize(app.gzipBytes)} gzipped`,
    );
  });
});

function expectClose(actual: number[], expected: number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  const worst = Math.max(0, ...actual.map((value, i) => Math.abs(value - (expected[i] as number))));
  expect(worst, `${what}: largest difference from Node cpu`).toBeLessThanOrEqual(TOLERANCE);
}

function expectSameAsNode(page: ModelResult, node: ModelResult, what: string): void {
  expectClose(page.logits, node.logits, `${what} logits`);
  expect(page.greedy.tokens, `${what} greedy tokens`).toEqual(node.greedy.tokens);
  expectClose(page.greedy.scores, node.greedy.scores, `${what} greedy scores`);
  expect(page.beam.tokens, `${what} beam tokens`).toEqual(node.beam.tokens);
  expectClose(page.beam.scores, node.beam.scores, `${what} beam scores`);
  expectClose(page.losses, node.losses, `${what} training losses`);
  expectClose(page.reloadedLogits, node.reloadedLogits, `${what} logits after training and reload`);
  expect(page.reloadDifference, `${what} reloaded vs trained logits`).toBe(0);
}

describe('heed in headless Chromium', () => {
  it('computes in Node what the page is compared with', () => {
    expect(nodeResult.leakedTensors).toBe(0);
    for (const model of [nodeResult.rnn, nodeResult.transformer]) {
      expect(model.losses).toHaveLength(3);
      expect(model.reloadDifference).toBe(0);
    }
  });

  for (const backend of ['cpu', 'wasm', 'webgl'] as const) {
    it(`trains, decodes, saves and loads on ${backend} as Node does on cpu`, async () => {
      const page = await browser.newPage();
      const errors = collectErrors(page);
      await page.goto(`${baseUrl}/?backend=${backend}`);
      await page.waitForFunction(
        () => window.heedResult !== undefined || window.heedError !== undefined,
        null,
        { timeout: 240_000 },
      );
      const { result, error } = await page.evaluate(() => ({
        result: window.heedResult,
        error: window.heedError,
      }));
      await page.close();
      expect(error).toBeUndefined();
      expect(errors).toEqual([]);
      const measured = result as ScenarioResult;
      console.log(`${backend}: ${measured.reason}`);
      expect(measured.backend).toBe(backend);
      expect(measured.leakedTensors).toBe(0);
      expectSameAsNode(measured.rnn, nodeResult.rnn, `${backend} RnnSeq2Seq`);
      expectSameAsNode(measured.transformer, nodeResult.transformer, `${backend} Transformer`);
    });
  }
});

describe('the README', () => {
  it('runs its browser example as written, printing what it says', async () => {
    const example = await readmeExample();
    const expected = [...example.matchAll(/^\/\/ → (.*)$/gm)].map((match) => match[1]);
    const page = await browser.newPage();
    const printed: string[] = [];
    const errors = collectErrors(page);
    page.on('console', (message) => {
      if (message.type() === 'log') printed.push(message.text());
    });
    await page.goto(`${baseUrl}/?script=readme`);
    const deadline = Date.now() + 120_000;
    while (printed.length < expected.length && errors.length === 0 && Date.now() < deadline) {
      await page.waitForTimeout(100);
    }
    await page.close();
    expect(errors).toEqual([]);
    expect(printed).toEqual(expected);
  });
});

describe('a bundle exported in Node, loaded in a page from its URL', () => {
  let cliTranslations: Record<BundleName, BundleTranslations>;

  beforeAll(async () => {
    const files = await exportBundles(bundleDir);
    const translations = await Promise.all(
      BUNDLE_NAMES.map((name) => translateWithCli(heedNmt, files[name])),
    );
    cliTranslations = Object.fromEntries(
      BUNDLE_NAMES.map((name, i) => [name, translations[i]]),
    ) as Record<BundleName, BundleTranslations>;
  });

  for (const backend of ['cpu', 'wasm', 'webgl'] as const) {
    it(`translates on ${backend} exactly as heed-nmt translate does`, async () => {
      const page = await browser.newPage();
      const errors = collectErrors(page);
      await page.goto(`${baseUrl}/?script=bundle&backend=${backend}`);
      await page.waitForFunction(
        () => window.heedBundleResult !== undefined || window.heedError !== undefined,
        null,
        { timeout: 60_000 },
      );
      const { result, error } = await page.evaluate(() => ({
        result: window.heedBundleResult,
        error: window.heedError,
      }));
      await page.close();
      expect(error).toBeUndefined();
      expect(errors).toEqual([]);
      const measured = result as BundleScenarioResult;
      expect(measured.backend).toBe(backend);
      expect(measured.leakedTensors).toBe(0);
      expect(measured.translations).toEqual(cliTranslations);
      // The models say something: not every translation is empty.
      expect(measured.translations.rnn.greedy.flat().length).toBeGreaterThan(0);
    });
  }
});
