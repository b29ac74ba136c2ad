// Opens an HTML report in headless Chromium and checks that it works offline:
// every Vega-Lite chart rendered marks, the heat map <select> switches maps, and
// the page logged no console errors and made no network requests.
//
//   npm run check:browser                      # builds a sample report and checks it
//   npm run check:browser -- path/to/report.html [--screenshot out.png]
//
// Needs Debian's `chromium`; when /usr/bin/chromium is absent the script installs
// it with apt-get (and `fonts-noto-core` when no Devanagari font is installed, as
// the sample report has Devanagari labels). Runs with tsx (it imports the sources).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const { reportPath, screenshotPath } = parseArguments(process.argv.slice(2));
ensureChromium();
const workDirectory = mkdtempSync(path.join(os.tmpdir(), 'heed-check-report-'));
try {
  const file = reportPath ?? (await writeSampleReport(path.join(workDirectory, 'report.html')));
  const problems = await checkReport(file, path.join(workDirectory, 'profile'), screenshotPath);
  if (problems.length > 0) {
    console.error(`check-report: ${file} FAILED`);
    for (const problem of problems) console.error(`  - ${problem}`);
    process.exitCode = 1;
  } else {
    console.log(`check-report: ${file} OK (screenshot: ${screenshotPath})`);
  }
} finally {
  rmSync(workDirectory, { recursive: true, force: true });
}

function parseArguments(argv) {
  let reportPath;
  let screenshotPath = path.join(os.tmpdir(), 'heed-report.png');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--screenshot') screenshotPath = path.resolve(argv[++i] ?? screenshotPath);
    else reportPath = path.resolve(argv[i]);
  }
  return { reportPath, screenshotPath };
}

function ensureChromium() {
  const packages = [];
  if (!existsSync(CHROMIUM)) packages.push('chromium');
  if (!hasDevanagariFont()) packages.push('fonts-noto-core');
  if (packages.length === 0) return;
  console.log(`check-report: installing ${packages.join(' ')} with apt-get`);
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo'];
  const run = (args) => {
    const [command, ...rest] = [...asRoot, ...args];
    execFileSync(command, rest, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  };
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', '--no-install-recommends', ...packages]);
  if (!existsSync(CHROMIUM)) throw new Error(`check-report: ${CHROMIUM} is still missing`);
}

function hasDevanagariFont() {
  try {
    return execFileSync('fc-list', [':lang=hi', 'family'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

async function writeSampleReport(file) {
  const { writeReport } = await import('../src/index.ts');
  const steps = Array.from({ length: 30 }, (_, i) => (i + 1) * 10);
  return writeReport(file, {
    title: 'Sample run — en→hi, fr, dates',
    heatmaps: [
      {
        title: 'en → hi',
        sourceTokens: ['the', 'cat', 'sleeps', '.'],
        targetTokens: ['बिल्ली', 'सो', 'रही', 'है', '।'],
        weights: [
          [0.1, 0.8, 0.05, 0.05],
          [0.05, 0.1, 0.8, 0.05],
          [0.05, 0.05, 0.85, 0.05],
          [0.1, 0.1, 0.7, 0.1],
          [0.05, 0.05, 0.1, 0.8],
        ],
      },
      {
        title: 'fr → en: <escaping> & "quotes"',
        sourceTokens: ['l’été', 'à', 'Zürich', '&', '<b>'],
        targetTokens: ['summer', 'in', 'Zürich', "'&'"],
        weights: [
          [0.9, 0.05, 0.05, 0, 0],
          [0.1, 0.7, 0.1, 0.05, 0.05],
          [0, 0.05, 0.9, 0.05, 0],
          [0, 0, 0.1, 0.8, 0.1],
        ],
      },
      {
        title: 'dates (characters)',
        sourceTokens: [...'3 May 2021'],
        targetTokens: [...'2021-05-03'],
        weights: [...'2021-05-03'].map((_, t) =>
          [...'3 May 2021'].map((_, s) => (s === (t * 7) % 10 ? 0.7 : 0.3 / 9)),
        ),
      },
    ],
    curves: [
      { name: 'train loss', points: steps.map((step) => ({ step, value: 6 / Math.sqrt(step) })) },
      {
        name: 'valid loss',
        points: steps
          .filter((_, i) => i % 5 === 4)
          .map((step) => ({ step, value: 7 / Math.sqrt(step) })),
      },
      {
        name: 'valid BLEU',
        chart: 'BLEU',
        points: steps.filter((_, i) => i % 5 === 4).map((step) => ({ step, value: step / 10 })),
      },
    ],
    charts: [
      {
        title: 'BLEU by source length',
        spec: {
          data: {
            values: [
              { bucket: '1-10', model: 'additive', bleu: 41 },
              { bucket: '11-20', model: 'additive', bleu: 37 },
              { bucket: '1-10', model: 'none', bleu: 35 },
              { bucket: '11-20', model: 'none', bleu: 18 },
            ],
          },
          width: 'container',
          mark: 'bar',
          encoding: {
            x: { field: 'bucket', type: 'nominal' },
            xOffset: { field: 'model' },
            y: { field: 'bleu', type: 'quantitative' },
            color: { field: 'model', type: 'nominal' },
          },
        },
      },
    ],
    metrics: [
      { model: 'additive', parameters: 1234567, bleu: 37.1234, chrF: 61.5, perplexity: 4.21 },
      { model: 'none', parameters: 1200000, bleu: 21.5, chrF: 48.25, perplexity: 9.8 },
    ],
    config: { attention: 'additive', lr: 0.001, seed: 7, note: '</script><b>not markup</b>' },
  });
}

async function checkReport(file, userDataDirectory, screenshot) {
  const problems = [];
  const context = await chromium.launchPersistentContext(userDataDirectory, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 900 },
  });
  try {
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      problems.push(`network request (a report must work offline): ${url}`);
      return route.abort();
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    const chartCount = await page.locator('.chart').count();
    if (chartCount > 0) {
      await page.waitForFunction(() => window.heedReport !== undefined, null, { timeout: 20_000 });
      await page
        .evaluate(() => window.heedReport.ready.then(() => true))
        .catch((error) => problems.push(`charts did not render: ${error.message}`));
    }
    const charts = await page.$$eval('.chart', (elements) =>
      elements.map((element) => ({
        rendered: element.dataset.rendered,
        graphics: element.querySelectorAll('svg, canvas').length,
        marks: Array.from(element.querySelectorAll('.role-mark path, .role-mark rect')).filter(
          (mark) => mark.tagName === 'rect' || (mark.getAttribute('d') ?? '').length > 2,
        ).length,
      })),
    );
    charts.forEach((chart, i) => {
      if (chart.rendered !== 'true') problems.push(`chart ${i}: rendered=${chart.rendered}`);
      if (chart.graphics === 0) problems.push(`chart ${i}: no svg or canvas`);
      if (chart.marks === 0) problems.push(`chart ${i}: no marks drawn`);
    });

    const heatmaps = await page.$$eval('.heatmap', (elements) =>
      elements.map((element) => ({
        cells: element.querySelectorAll('rect.cell').length,
        sources: element.querySelectorAll('text.source-label').length,
        targets: element.querySelectorAll('text.target-label').length,
      })),
    );
    heatmaps.forEach((map, i) => {
      if (map.cells === 0 || map.cells !== map.sources * map.targets) {
        problems.push(`heat map ${i}: ${map.cells} cells for ${map.targets}×${map.sources} labels`);
      }
    });
    if (heatmaps.length > 1) {
      const visible = () =>
        page.$$eval('.heatmap', (elements) =>
          elements.flatMap((element, i) => (element.hidden ? [] : [i])),
        );
      const initial = await visible();
      await page.selectOption('#heatmap-select', '1');
      const second = await visible();
      await page.selectOption('#heatmap-select', 'all');
      const all = await visible();
      if (initial.join() !== '0') problems.push(`initially visible heat maps: [${initial}]`);
      if (second.join() !== '1') problems.push(`after selecting 1, visible: [${second}]`);
      if (all.length !== heatmaps.length) problems.push(`'All' shows ${all.length} heat maps`);
    }
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(
      `check-report: ${charts.length} chart(s) with ${charts.map((c) => c.marks).join('/')} marks, ` +
        `${heatmaps.length} heat map(s) with ${heatmaps.map((m) => m.cells).join('/')} cells`,
    );
  } finally {
    await context.close();
  }
  return problems;
}
