import { type Curve, curveCharts } from './curve-charts';
import { escapeXml, jsonForScript, scriptForHtml } from './escape';
import {
  type AttentionHeatmap,
  DEFAULT_FONT_FAMILY,
  type HeatmapOptions,
  renderAttentionSvg,
} from './heatmap-svg';
import { invalidArgument } from './validation';
import { vegaBundles } from './vega-bundles';

/** One row of the metrics table; columns are the union of all rows' keys, in first-seen order. */
export type MetricsRow = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** A chart given as a full Vega-Lite spec, for plots the report does not build itself. */
export interface ReportChart {
  /** Heading above the chart. */
  title: string;
  /** A Vega-Lite spec with inline data (`data: { values: [...] }`): the report makes no requests. */
  spec: Readonly<Record<string, unknown>>;
}

/** What a report shows; every section but the title is optional. */
export interface ReportInput {
  /** Page title and heading. */
  title: string;
  /** Attention maps, one shown at a time through a `<select>` (or all at once). */
  heatmaps?: readonly AttentionHeatmap[];
  /** How every heat map is drawn. Defaults to `renderAttentionSvg`'s defaults. */
  heatmapOptions?: HeatmapOptions;
  /** Training curves; curves with the same `chart` share one chart. */
  curves?: readonly Curve[];
  /** Extra Vega-Lite charts, drawn after the curves. */
  charts?: readonly ReportChart[];
  /** The metrics table. */
  metrics?: readonly MetricsRow[];
  /** The run's configuration, shown as JSON. */
  config?: unknown;
}

const OWNER = 'renderReport';

/**
 * Renders a self-contained HTML report: a metrics table, training curves and
 * extra charts drawn by Vega-Lite, attention heat maps as inline SVG, and the
 * configuration. The Vega, Vega-Lite and vega-embed browser bundles are inlined
 * from the installed packages, so the page works offline and from `file://`.
 * When it has charts, `window.heedReport.ready` resolves once all have rendered.
 */
export function renderReport(input: ReportInput): string {
  if (typeof input !== 'object' || input === null) {
    throw invalidArgument(OWNER, 'input', 'must be an object', input);
  }
  if (typeof input.title !== 'string') {
    throw invalidArgument(OWNER, 'title', 'must be a string', input.title);
  }
  const charts = [
    ...curveCharts(input.curves ?? []),
    ...(input.charts ?? []).map((chart, i) => {
      if (typeof chart?.title !== 'string' || typeof chart.spec !== 'object' || !chart.spec) {
        throw invalidArgument(OWNER, `charts[${i}]`, 'must be { title, spec }', chart);
      }
      return chart;
    }),
  ];
  const sections = [
    metricsSection(input.metrics ?? []),
    chartsSection(charts),
    heatmapsSection(input.heatmaps ?? [], input.heatmapOptions),
    configSection(input.config),
  ].filter((section) => section !== '');
  const scripts = [
    ...(charts.length === 0
      ? []
      : [
          ...vegaBundles().map((bundle) => `<script>${scriptForHtml(bundle)}</script>`),
          `<script type="application/json" id="heed-report-data">${jsonForScript({ charts: charts.map((chart) => chart.spec) })}</script>`,
          `<script>${CHART_SCRIPT}</script>`,
        ]),
    ...((input.heatmaps ?? []).length > 1 ? [`<script>${HEATMAP_SCRIPT}</script>`] : []),
  ];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="@heed/viz">',
    `<title>${escapeXml(input.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeXml(input.title)}</h1>`,
    ...sections,
    ...scripts,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function metricsSection(rows: readonly MetricsRow[]): string {
  if (rows.length === 0) return '';
  const columns: string[] = [];
  rows.forEach((row, i) => {
    if (typeof row !== 'object' || row === null) {
      throw invalidArgument(OWNER, `metrics[${i}]`, 'must be an object', row);
    }
    for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  });
  const head = columns.map((column) => `<th scope="col">${escapeXml(column)}</th>`).join('');
  const body = rows
    .map((row) => {
      const cells = columns.map((column) => {
        const value = row[column];
        const numeric = typeof value === 'number';
        return `<td${numeric ? ' class="number"' : ''}>${escapeXml(formatCell(value))}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<section id="metrics">
<h2>Metrics</h2>
<table>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
</section>`;
}

function chartsSection(charts: readonly ReportChart[]): string {
  if (charts.length === 0) return '';
  const blocks = charts.map(
    (chart, i) =>
      `<figure><figcaption>${escapeXml(chart.title)}</figcaption><div class="chart" id="chart-${i}" data-chart="${i}"></div></figure>`,
  );
  return `<section id="charts">\n<h2>Charts</h2>\n${blocks.join('\n')}\n</section>`;
}

function heatmapsSection(
  heatmaps: readonly AttentionHeatmap[],
  options: HeatmapOptions | undefined,
): string {
  if (heatmaps.length === 0) return '';
  const names = heatmaps.map((heatmap, i) => heatmap.title ?? `Heat map ${i + 1}`);
  const choices = names.map(
    (name, i) => `<option value="${i}"${i === 0 ? ' selected' : ''}>${escapeXml(name)}</option>`,
  );
  choices.push('<option value="all">All</option>');
  const maps = heatmaps.map(
    (heatmap, i) =>
      `<div class="heatmap" data-index="${i}"${i === 0 ? '' : ' hidden'}>\n${renderAttentionSvg(heatmap, options)}\n</div>`,
  );
  const picker =
    heatmaps.length > 1
      ? `<p><label for="heatmap-select">Heat map</label> <select id="heatmap-select">${choices.join('')}</select></p>\n`
      : '';
  return `<section id="heatmaps">\n<h2>Attention</h2>\n${picker}<div class="heatmaps">\n${maps.join('\n')}\n</div>\n</section>`;
}

function configSection(config: unknown): string {
  if (config === undefined) return '';
  const text = typeof config === 'string' ? config : JSON.stringify(config, null, 2);
  return `<section id="config">\n<h2>Configuration</h2>\n<pre>${escapeXml(text ?? '')}</pre>\n</section>`;
}

function formatCell(value: MetricsRow[string]): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
    return value.toLocaleString('en-US', { maximumFractionDigits: 4, useGrouping: false });
  }
  return String(value);
}

const STYLE = `
body { font-family: ${DEFAULT_FONT_FAMILY}; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 0.3rem 0.7rem; border-bottom: 1px solid #eee; text-align: left; }
td.number { text-align: right; }
figure { margin: 1rem 0; } figcaption { font-weight: bold; margin-bottom: 0.3rem; }
.chart { width: 100%; min-height: 280px; }
.heatmaps { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: flex-start; }
.heatmap { overflow-x: auto; margin: 1rem 0; max-width: 100%; }
pre { background: #f6f8fa; padding: 1rem; overflow-x: auto; }
`;

// Shows the chosen heat map, or all of them.
const HEATMAP_SCRIPT = `
(() => {
  const select = document.getElementById('heatmap-select');
  const maps = document.querySelectorAll('.heatmap');
  const show = () => maps.forEach((map, i) => { map.hidden = select.value !== 'all' && select.value !== String(i); });
  select.addEventListener('change', show);
  show();
})();
`;

// Draws every chart with vega-embed; a chart that fails says so in the page and
// on the console. `window.heedReport.ready` settles when all have rendered.
const CHART_SCRIPT = `
(() => {
  const specs = JSON.parse(document.getElementById('heed-report-data').textContent).charts;
  const charts = Array.from(document.querySelectorAll('.chart'), (element, i) =>
    vegaEmbed(element, specs[i], { actions: false, renderer: 'svg' }).then(
      (result) => { element.dataset.rendered = 'true'; return result; },
      (error) => { element.dataset.rendered = 'error'; element.textContent = 'This chart failed to render: ' + error.message; console.error(error); throw error; },
    ),
  );
  window.heedReport = { ready: Promise.all(charts) };
})();
`;
