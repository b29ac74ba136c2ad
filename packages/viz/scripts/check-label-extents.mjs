// Draws a heat map with long labels in every script (test/long-labels.ts) in
// headless Chromium and checks that every label's real box lies inside the SVG,
// at three font and cell sizes, and that `textWidthEm` is at least each label's
// real advance, regular and bold. Prints one line per label and exits 1 on any
// label that overflows or any underestimate.
//
//   npx tsx scripts/check-label-extents.mjs
//
// Needs Debian's `chromium` (/usr/bin/chromium). Labels in a script no installed
// font covers are drawn as boxes; they must fit all the same.
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { DEFAULT_FONT_FAMILY, renderAttentionSvg } from '../src/heatmap-svg.ts';
import { textWidthEm } from '../src/text-metrics.ts';
import { LONG_LABELS } from '../test/long-labels.ts';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PROBE_FONT_SIZE = 100;
const LAYOUTS = [{}, { fontSize: 22, cellSize: 12 }, { fontSize: 9, cellSize: 40 }];

const labels = Object.values(LONG_LABELS);
const heatmap = {
  title: labels.join(' '),
  sourceTokens: labels,
  targetTokens: labels,
  weights: labels.map(() => labels.map(() => 1 / labels.length)),
};

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
let failures = 0;
try {
  const page = await browser.newPage();
  console.log(
    `fonts: ${execFileSync('fc-list', [':', 'family']).toString().split('\n').filter(Boolean).length} families installed`,
  );

  // Real advances at a large size, regular and bold, against the estimate.
  const probes = labels
    .map(
      (label, i) =>
        `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" font-family="${DEFAULT_FONT_FAMILY.replaceAll("'", '')}" font-size="${PROBE_FONT_SIZE}"><text id="r${i}" y="100">${label}</text><text id="b${i}" y="100" font-weight="bold">${label}</text></svg>`,
    )
    .join('');
  await page.setContent(`<!doctype html><body>${probes}</body>`);
  for (const [i, [script, label]] of Object.entries(LONG_LABELS).entries()) {
    const [regular, bold] = await page.evaluate(
      (i) => ['r', 'b'].map((kind) => document.getElementById(`${kind}${i}`).getBBox().width),
      i,
    );
    const estimate = textWidthEm(label) * PROBE_FONT_SIZE;
    const ok = estimate >= regular && estimate * 1.2 >= bold;
    if (!ok) failures++;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${script.padEnd(10)} real ${(regular / PROBE_FONT_SIZE).toFixed(2)} em (bold ${(bold / PROBE_FONT_SIZE).toFixed(2)}), estimate ${(estimate / PROBE_FONT_SIZE).toFixed(2)} em, ratio ${(estimate / regular).toFixed(2)}`,
    );
  }

  // Every text's real box (rotation included) inside the SVG.
  for (const layout of LAYOUTS) {
    await page.setContent(
      `<!doctype html><body style="margin:0">${renderAttentionSvg(heatmap, layout)}</body>`,
    );
    const overflows = await page.evaluate(() => {
      const svg = document.querySelector('svg');
      const frame = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('text')].flatMap((text) => {
        const box = text.getBoundingClientRect();
        const margins = {
          left: box.left - frame.left,
          top: box.top - frame.top,
          right: frame.right - box.right,
          bottom: frame.bottom - box.bottom,
        };
        const tightest = Math.min(...Object.values(margins));
        return tightest < 0
          ? [{ text: text.textContent.slice(0, 30), ...margins }]
          : [{ tightest }];
      });
    });
    const failed = overflows.filter((entry) => entry.text !== undefined);
    failures += failed.length;
    const tightest = Math.min(...overflows.map((entry) => entry.tightest ?? 0));
    console.log(
      `${failed.length === 0 ? 'ok  ' : 'FAIL'} layout ${JSON.stringify(layout)}: ${overflows.length} texts, ${failed.length} outside, tightest margin ${tightest.toFixed(1)} px`,
    );
    for (const entry of failed) console.log('     ', JSON.stringify(entry));
  }
} finally {
  await browser.close();
}
process.exit(failures === 0 ? 0 : 1);
