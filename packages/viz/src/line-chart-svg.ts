import { escapeXml } from './escape';
import { DEFAULT_FONT_FAMILY } from './heatmap-svg';
import { assertPositive, invalidArgument } from './validation';

/** One series of a line chart, e.g. one system's validation BLEU over minutes. */
export interface LineSeries {
  /** Shown in the legend. */
  name: string;
  /** Drawn in x order; a point with a non-finite coordinate is left out. */
  points: readonly { x: number; y: number }[];
}

/** A line chart: several series on shared axes. */
export interface LineChart {
  series: readonly LineSeries[];
  /** Drawn above the plot and used as the chart's accessible name. */
  title?: string;
  /** Axis titles. */
  xLabel?: string;
  yLabel?: string;
}

/** How a line chart is drawn. */
export interface LineChartOptions {
  /** Defaults to 640. */
  width?: number;
  /** Defaults to 400. */
  height?: number;
  /** Label font size in px. Defaults to 12. */
  fontSize?: number;
  /** CSS font-family list. Defaults to `DEFAULT_FONT_FAMILY`. */
  fontFamily?: string;
}

const OWNER = 'renderLineChartSvg';
// Tableau 10: distinguishable, and readable by most colour-blind readers.
const COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1'];
const TICKS = 5;

/**
 * Renders series as a standalone SVG line chart: linear axes over the data's
 * range and 0, widened to round ticks (1, 2 or 5 × 10ⁿ apart),
 * one colour per series with a dot on every point and a `<title>` tooltip, and
 * a legend. Every label is escaped, so the result is valid XML.
 */
export function renderLineChartSvg(chart: LineChart, options: LineChartOptions = {}): string {
  const width = assertPositive(OWNER, 'width', options.width ?? 640);
  const height = assertPositive(OWNER, 'height', options.height ?? 400);
  const fontSize = assertPositive(OWNER, 'fontSize', options.fontSize ?? 12);
  const fontFamily = options.fontFamily ?? DEFAULT_FONT_FAMILY;
  const series = validateSeries(chart.series);
  const xs = series.flatMap((line) => line.points.map((point) => point.x));
  const ys = series.flatMap((line) => line.points.map((point) => point.y));
  const xAxis = niceAxis(Math.min(...xs, 0), Math.max(...xs, 0));
  const yAxis = niceAxis(Math.min(...ys, 0), Math.max(...ys, 0));

  const left = fontSize * 5;
  const right = fontSize;
  const top = chart.title ? fontSize * 3 : fontSize;
  const legendHeight = series.length * fontSize * 1.5;
  const bottom = fontSize * 4 + legendHeight;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  if (plotWidth <= 0 || plotHeight <= 0) {
    throw invalidArgument(OWNER, 'height', 'leaves no room for the plot', height);
  }
  const px = (x: number) => left + ((x - xAxis.min) / (xAxis.max - xAxis.min)) * plotWidth;
  const py = (y: number) =>
    top + plotHeight - ((y - yAxis.min) / (yAxis.max - yAxis.min)) * plotHeight;
  const round = (value: number) => Math.round(value * 100) / 100;

  const parts: string[] = [];
  if (chart.title) {
    parts.push(
      `<text class="title" x="${round(width / 2)}" y="${round(fontSize * 1.8)}" text-anchor="middle" font-weight="bold">${escapeXml(chart.title)}</text>`,
    );
  }
  for (const tick of xAxis.ticks) {
    const x = round(px(tick));
    parts.push(
      `<line class="grid" x1="${x}" y1="${top}" x2="${x}" y2="${round(top + plotHeight)}" stroke="#e0e0e0"/>`,
      `<text x="${x}" y="${round(top + plotHeight + fontSize * 1.4)}" text-anchor="middle">${formatTick(tick)}</text>`,
    );
  }
  for (const tick of yAxis.ticks) {
    const y = round(py(tick));
    parts.push(
      `<line class="grid" x1="${left}" y1="${y}" x2="${round(left + plotWidth)}" y2="${y}" stroke="#e0e0e0"/>`,
      `<text x="${left - fontSize / 2}" y="${round(y + fontSize / 3)}" text-anchor="end">${formatTick(tick)}</text>`,
    );
  }
  parts.push(
    `<rect x="${left}" y="${top}" width="${round(plotWidth)}" height="${round(plotHeight)}" fill="none" stroke="#888"/>`,
  );
  if (chart.xLabel) {
    parts.push(
      `<text class="x-label" x="${round(left + plotWidth / 2)}" y="${round(top + plotHeight + fontSize * 3)}" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`,
    );
  }
  if (chart.yLabel) {
    const x = round(fontSize * 1.2);
    const y = round(top + plotHeight / 2);
    parts.push(
      `<text class="y-label" x="${x}" y="${y}" text-anchor="middle" transform="rotate(-90 ${x} ${y})">${escapeXml(chart.yLabel)}</text>`,
    );
  }
  series.forEach((line, i) => {
    const color = COLORS[i % COLORS.length] as string;
    const points = [...line.points].sort((a, b) => a.x - b.x);
    const name = escapeXml(line.name);
    parts.push(`<g class="series" stroke="${color}" fill="${color}">`);
    if (points.length > 1) {
      const path = points.map((point) => `${round(px(point.x))},${round(py(point.y))}`).join(' ');
      parts.push(`<polyline points="${path}" fill="none" stroke-width="2"/>`);
    }
    for (const point of points) {
      parts.push(
        `<circle cx="${round(px(point.x))}" cy="${round(py(point.y))}" r="3"><title>${name}: (${formatTick(point.x)}, ${formatTick(point.y)})</title></circle>`,
      );
    }
    const legendY = round(height - legendHeight + i * fontSize * 1.5 + fontSize / 2);
    parts.push(
      `<rect class="legend" x="${left}" y="${round(legendY - fontSize * 0.8)}" width="${fontSize}" height="${fontSize}" stroke="none"/>`,
      `<text x="${round(left + fontSize * 1.5)}" y="${legendY}" stroke="none" fill="#222">${name}</text>`,
      '</g>',
    );
  });
  const label = escapeXml(chart.title ?? 'line chart');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${label}" font-family="${escapeXml(fontFamily)}" font-size="${fontSize}" fill="#222">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

/** The series with their non-finite points left out; throws on a malformed series. */
function validateSeries(series: unknown): LineSeries[] {
  if (!Array.isArray(series) || series.length === 0) {
    throw invalidArgument(OWNER, 'series', 'must be a non-empty array of { name, points }', series);
  }
  const valid = series.map((line, i) => {
    if (typeof line?.name !== 'string' || !Array.isArray(line.points)) {
      throw invalidArgument(OWNER, `series[${i}]`, 'must be { name, points }', line);
    }
    const points = (line.points as { x: unknown; y: unknown }[]).filter(
      (point) => Number.isFinite(point?.x) && Number.isFinite(point?.y),
    ) as { x: number; y: number }[];
    return { name: line.name as string, points };
  });
  if (valid.every((line) => line.points.length === 0)) {
    throw invalidArgument(OWNER, 'series', 'must hold at least one finite point', series);
  }
  return valid;
}

/** An axis over [low, high] widened to round tick values (1, 2 or 5 × 10ⁿ apart). */
function niceAxis(low: number, high: number): { min: number; max: number; ticks: number[] } {
  const span = high > low ? high - low : Math.abs(high) || 1;
  const raw = span / TICKS;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((factor) => factor * magnitude >= raw) ?? 10) * magnitude;
  const min = Math.floor(low / step) * step;
  const max = Math.max(min + step, Math.ceil(high / step) * step);
  const ticks: number[] = [];
  for (let tick = min; tick <= max + step / 2; tick += step)
    ticks.push(Number(tick.toPrecision(12)));
  return { min, max, ticks };
}

function formatTick(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}
