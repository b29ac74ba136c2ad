// The web app in headless Chromium, as a user meets it: served from dist/ the
// way `npm run web` serves it, driven through its controls. Screenshots of
// each state land in test-artifacts/ (gitignored).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectErrors, launchChromium } from '@heed/browser-tests/chromium';
import type { Browser, Page } from 'playwright-core';
import { type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const app = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(app, 'test-artifacts');
const cli = join(app, '..', 'nmt', 'dist', 'cli.js');
/** A short run: enough updates for the loss to fall and the heat map to be redrawn several times. */
const TRAIN_STEPS = 60;

let server: PreviewServer;
let browser: Browser;
let page: Page;
let errors: string[];

/** Saves a screenshot of the whole page as test-artifacts/<name>.png. */
async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** Sets a training form's field: `form[data-config=train] [name=steps]`. */
async function setField(form: string, name: string, value: string): Promise<void> {
  const control = page.locator(`form[data-config=${form}] [name=${name}]`);
  if ((await control.evaluate((node) => node.tagName)) === 'SELECT') {
    await control.selectOption(value);
  } else {
    await control.fill(value);
    await control.dispatchEvent('change');
  }
}

/** Small, quick runs on wasm for every form. */
async function shrinkRuns(form: string): Promise<void> {
  await setField(form, 'steps', String(TRAIN_STEPS));
  await setField(form, 'corpusSize', '1000');
  await setField(form, 'hidden', '32');
  await setField(form, 'embed', '16');
  await setField(form, 'batchTokens', '384');
  await setField(form, 'evaluateEvery', String(TRAIN_STEPS / 2));
}

/** Waits until the run `selector` names has finished (or failed), and returns its data attributes. */
async function finishedRun(selector: string): Promise<DOMStringMap> {
  await page.waitForFunction(
    (run) => {
      const state = document.querySelector<HTMLElement>(run)?.dataset.state;
      return state === 'finished' || state === 'error';
    },
    selector,
    { timeout: 150_000 },
  );
  return page.locator(selector).evaluate((node) => ({ ...(node as HTMLElement).dataset }));
}

/** Translates `text` in the Translate view and returns the shown hypotheses. */
async function translateInPage(text: string): Promise<string[]> {
  await page.click('#tab-translate');
  await page.fill('#source', text);
  await page.waitForFunction(
    (expected) => document.getElementById('translate')?.dataset.translated === expected,
    text,
  );
  return page
    .locator('#hypotheses .hypothesis')
    .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.text ?? ''));
}

beforeAll(async () => {
  if (!existsSync(join(app, 'dist', 'index.html'))) {
    throw new Error('apps/web/dist is missing: run `npm run build` at the repository root first');
  }
  await rm(artifacts, { recursive: true, force: true });
  await mkdir(artifacts, { recursive: true });
  server = await preview({ root: app, logLevel: 'warn', preview: { port: 0 } });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  errors = collectErrors(page);
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('vite preview gave no local URL');
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, {
    timeout: 60_000,
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('apps/web in Chromium', () => {
  it('opens with no console errors, cross-origin isolated, on a backend it names', async () => {
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.textContent('#backend-status')).toMatch(/^in use: (webgpu|webgl|wasm|cpu) /);
  });

  it('translates with the shipped dates model and draws its heat map', async () => {
    // wasm from here on: webgl on SwiftShader compiles a shader per new op shape, slowly.
    await page.selectOption('#backend', 'wasm');
    await page.waitForFunction(() => document.body.dataset.backend === 'wasm');
    expect(await translateInPage('the 3rd of May, 2021')).toEqual(['2021-05-03']);
    // One cell per (target row, source column): 10 target characters + </s>, 20 source + </s>.
    expect(await page.locator('#translate-heatmap svg rect.cell').count()).toBe(11 * 21);
    await screenshot('translate');
    await page.selectOption('[name=search]', 'beam');
    const nbest = await translateInPage('July 4, 1976');
    expect(nbest).toHaveLength(3);
    expect(nbest[0]).toBe('1976-07-04');
    expect(new Set(nbest).size).toBe(3);
    await screenshot('translate-beam');
    await page.selectOption('[name=search]', 'greedy');
    expect(errors).toEqual([]);
  });

  it('trains here on dates in a worker: the loss falls and the heat map is redrawn', async () => {
    await page.click('#tab-train');
    await shrinkRuns('train');
    await page.click('#train-start');
    const run = await finishedRun('#train-run .run');
    expect(run.state).toBe('finished');
    expect(run.attention).toBe('additive');
    expect(Number(run.step)).toBe(TRAIN_STEPS);
    console.log(
      `Train view, dates, GRU 32 + additive, ${TRAIN_STEPS} updates on wasm: loss ${Number(run.firstLoss).toFixed(3)} → ${Number(run.loss).toFixed(3)}, ${run.updatesPerSecond} updates/s`,
    );
    expect(Number(run.loss)).toBeLessThan(0.7 * Number(run.firstLoss));
    expect(Number(run.heatmaps)).toBeGreaterThanOrEqual(TRAIN_STEPS / 10);
    expect(run.bleu).toMatch(/^\d/);
    expect(await page.locator('#train-run svg rect.cell').count()).toBeGreaterThan(0);
    expect(await page.locator('#train-chart svg').count()).toBe(1);
    await screenshot('train');
    expect(errors).toEqual([]);
  });

  it('retrains when the attention type changes, and pauses and resumes', async () => {
    await setField('train', 'attention', 'dot');
    await page.waitForFunction(
      () => Number(document.querySelector<HTMLElement>('#train-run .run')?.dataset.step) >= 5,
    );
    await page.click('#train-pause');
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>('#train-run .run')?.dataset.state === 'paused',
    );
    const stepOf = () =>
      page.locator('#train-run .run').evaluate((node) => (node as HTMLElement).dataset.step);
    const pausedAt = await stepOf();
    await page.waitForTimeout(1000);
    expect(await stepOf()).toBe(pausedAt);
    await page.click('#train-resume');
    const run = await finishedRun('#train-run .run');
    expect(run.state).toBe('finished');
    expect(run.attention).toBe('dot');
    expect(Number(run.loss)).toBeLessThan(Number(run.firstLoss));
    expect(Number(run.heatmaps)).toBeGreaterThanOrEqual(TRAIN_STEPS / 10);
    await screenshot('train-dot');
    expect(errors).toEqual([]);
  });

  it('exports a bundle that heed-nmt translate reads, with the same output', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#train-download'),
    ]);
    const bundle = join(artifacts, 'model.safetensors');
    await download.saveAs(bundle);
    await page.setInputFiles('#model-file', bundle);
    await page.waitForFunction(
      () => document.getElementById('translate')?.dataset.model === 'model.safetensors',
    );
    const sentence = 'Tuesday, May 8, 2046';
    await page.click('#tab-translate');
    await page.selectOption('[name=search]', 'greedy');
    const inPage = await translateInPage(sentence);
    const cliRun = spawnSync(
      process.execPath,
      [cli, 'translate', '-c', bundle, '--backend', 'cpu', '--beam', '1', sentence], // greedy, as the page
      { encoding: 'utf8' },
    );
    expect(cliRun.stderr).not.toMatch(/error/i);
    expect(cliRun.status).toBe(0);
    expect(inPage).toEqual([cliRun.stdout.trim()]);
    expect(errors).toEqual([]);
  });

  it('trains two configs side by side with their curves on one chart', async () => {
    await page.click('#tab-compare');
    await shrinkRuns('a');
    await setField('b', 'steps', String(TRAIN_STEPS));
    await setField('b', 'evaluateEvery', String(TRAIN_STEPS / 2));
    await setField('b', 'hidden', '32');
    await setField('b', 'embed', '16');
    await page.click('#compare-start');
    await finishedRun('#compare-runs .run:nth-child(1)');
    await finishedRun('#compare-runs .run:nth-child(2)');
    const runs = await page
      .locator('#compare-runs .run')
      .evaluateAll((nodes) => nodes.map((node) => ({ ...(node as HTMLElement).dataset })));
    expect(runs.map((run) => [run.state, run.attention])).toEqual([
      ['finished', 'additive'],
      ['finished', 'none'],
    ]);
    expect(await page.locator('#compare-runs svg').count()).toBe(2);
    expect(await page.locator('#compare-chart svg').count()).toBe(1);
    await screenshot('compare');
    expect(errors).toEqual([]);
  });
});
