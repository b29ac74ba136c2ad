import { blues } from './color-scale';
import { escapeXml } from './escape';
import { ASCENT_EM, LINE_HEIGHT_EM, textWidthEm } from './text-metrics';
import { assertPositive, assertStrings, invalidArgument } from './validation';

/** One attention matrix with its tokens. */
export interface AttentionHeatmap {
  /** Source tokens, one per column (S). */
  sourceTokens: readonly string[];
  /** Target tokens, one per row (T). */
  targetTokens: readonly string[];
  /** `[T, S]`: `weights[t][s]` is the attention target token t pays to source token s. */
  weights: ReadonlyArray<ArrayLike<number>>;
  /** Drawn above the map and used as its accessible name. */
  title?: string;
}

/** How a heat map is drawn. */
export interface HeatmapOptions {
  /** Side of one cell in px. Defaults to 28. */
  cellSize?: number;
  /** Label font size in px. Defaults to 13. */
  fontSize?: number;
  /** The weight drawn darkest; larger weights are clamped. Defaults to 1. */
  maxWeight?: number;
  /** CSS font-family list for labels. Defaults to `DEFAULT_FONT_FAMILY`. */
  fontFamily?: string;
  /** Write each weight (two decimals) in its cell. Defaults to false. */
  showValues?: boolean;
}

/**
 * Sans-serif faces that between them cover Latin, Greek, Cyrillic, Devanagari
 * and the other Indic scripts, Arabic, Hebrew, CJK and emoji on Linux, macOS and
 * Windows, ending in the generic family.
 */
export const DEFAULT_FONT_FAMILY =
  "'Noto Sans', 'Noto Sans Devanagari', 'Noto Sans Arabic', 'Noto Sans Hebrew', 'Noto Sans CJK SC', 'DejaVu Sans', 'Segoe UI', 'Nirmala UI', 'Kohinoor Devanagari', 'Helvetica Neue', Arial, 'Noto Color Emoji', sans-serif";

const OWNER = 'renderAttentionSvg';
const PADDING = 8;
const LABEL_GAP = 6;
const LEGEND_STEPS = 10;
const SIN_45 = Math.SQRT1_2;
/** A target label's baseline below its row's centre, in em (`dy`). */
const TARGET_BASELINE_EM = 0.35;
/** The title's size relative to the labels. */
const TITLE_SCALE = 1.1;
/** How much wider bold text runs than regular (DejaVu Sans Bold: up to 1.18). */
const BOLD_WIDTH = 1.2;
/** The legend's numbers' size relative to the labels. */
const LEGEND_SCALE = 0.85;

/**
 * Renders an attention heat map (target tokens down, source tokens across) as a
 * standalone SVG document: one `<rect class="cell">` per (target, source) pair,
 * labels as real text in any script, a colour legend, and a `<title>` tooltip on
 * every cell. The margins hold every label's estimated extent (`textWidthEm`).
 * The result is valid XML (every label escaped) and can be written to a `.svg`
 * file or inlined in HTML.
 */
export function renderAttentionSvg(
  heatmap: AttentionHeatmap,
  options: HeatmapOptions = {},
): string {
  const { sourceTokens, targetTokens, weights } = validateHeatmap(heatmap);
  const cell = assertPositive(OWNER, 'cellSize', options.cellSize ?? 28);
  const fontSize = assertPositive(OWNER, 'fontSize', options.fontSize ?? 13);
  const maxWeight = assertPositive(OWNER, 'maxWeight', options.maxWeight ?? 1);
  const fontFamily = options.fontFamily ?? DEFAULT_FONT_FAMILY;
  const title = heatmap.title;

  const sourceLabels = sourceTokens.map(visibleLabel);
  const targetLabels = targetTokens.map(visibleLabel);
  const sourceWidths = sourceLabels.map((label) => textWidthEm(label) * fontSize);
  const targetWidth = Math.max(0, ...targetLabels.map((label) => textWidthEm(label) * fontSize));

  // Source labels are rotated −45° around their anchor on the baseline: a label
  // of width w rises w·sin45 plus its ascent·cos45 and reaches w·cos45 plus its
  // descent·sin45 to the right.
  const ascent = ASCENT_EM * fontSize;
  const descent = (LINE_HEIGHT_EM - ASCENT_EM) * fontSize;
  const titleFontSize = fontSize * TITLE_SCALE;
  const titleHeight = title ? LINE_HEIGHT_EM * titleFontSize + LABEL_GAP : 0;
  const topLabelHeight = (Math.max(0, ...sourceWidths) + ascent) * SIN_45 + LABEL_GAP;
  const gridLeft = PADDING + targetWidth + LABEL_GAP;
  const gridTop = PADDING + titleHeight + topLabelHeight;
  const gridWidth = sourceTokens.length * cell;
  const gridHeight = targetTokens.length * cell;
  // Target labels sit centred on their row (baseline TARGET_BASELINE_EM below
  // the centre), so the last one's descent may reach below the grid.
  const gridBottom =
    gridTop + Math.max(gridHeight, gridHeight - cell / 2 + TARGET_BASELINE_EM * fontSize + descent);
  const legendTop = gridBottom + LABEL_GAP * 2;
  const swatch = Math.max(8, cell / 2);
  const legendFontSize = fontSize * LEGEND_SCALE;
  const legendHeight = swatch + LINE_HEIGHT_EM * legendFontSize;

  const labelReach = sourceWidths.map(
    (width, s) => gridLeft + (s + 0.5) * cell + (width + descent) * SIN_45,
  );
  const width = Math.ceil(
    Math.max(
      gridLeft + gridWidth,
      PADDING + LEGEND_STEPS * swatch + textWidthEm(formatWeight(maxWeight)) * legendFontSize,
      PADDING + (title ? textWidthEm(title) * titleFontSize * BOLD_WIDTH : 0),
      ...labelReach,
    ) + PADDING,
  );
  const height = Math.ceil(legendTop + legendHeight + PADDING);

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title ?? 'Attention heat map')}">`,
    `<title>${escapeXml(title ?? 'Attention heat map')}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<g font-family="${escapeXml(fontFamily)}" font-size="${round(fontSize)}" fill="#222222">`,
  );
  if (title) {
    parts.push(
      `<text class="title" x="${PADDING}" y="${round(PADDING + ASCENT_EM * titleFontSize)}" font-size="${round(titleFontSize)}" font-weight="bold">${escapeXml(title)}</text>`,
    );
  }
  sourceLabels.forEach((label, s) => {
    const x = round(gridLeft + (s + 0.5) * cell);
    const y = round(gridTop - LABEL_GAP);
    parts.push(
      `<text class="source-label" x="${x}" y="${y}" text-anchor="start" transform="rotate(-45 ${x} ${y})">${escapeXml(label)}</text>`,
    );
  });
  targetLabels.forEach((label, t) => {
    parts.push(
      `<text class="target-label" x="${round(gridLeft - LABEL_GAP)}" y="${round(gridTop + (t + 0.5) * cell)}" dy="${TARGET_BASELINE_EM}em" text-anchor="end">${escapeXml(label)}</text>`,
    );
  });
  parts.push('<g class="cells" stroke="#ffffff" stroke-width="1">');
  weights.forEach((row, t) => {
    for (let s = 0; s < sourceTokens.length; s++) {
      const weight = Number(row[s]);
      parts.push(
        `<rect class="cell" data-target="${t}" data-source="${s}" data-weight="${weight}" x="${round(gridLeft + s * cell)}" y="${round(gridTop + t * cell)}" width="${round(cell)}" height="${round(cell)}" fill="${blues(weight, maxWeight)}"><title>${escapeXml(`${targetTokens[t]} ← ${sourceTokens[s]}: ${formatWeight(weight)}`)}</title></rect>`,
      );
    }
  });
  parts.push('</g>');
  if (options.showValues) parts.push(...cellValues(weights, gridLeft, gridTop, cell, maxWeight));
  parts.push(...legend(legendTop, swatch, legendFontSize, maxWeight), '</g>', '</svg>');
  return parts.join('\n');
}

/** Checks tokens and weights agree: T rows of S finite numbers. */
function validateHeatmap(
  heatmap: AttentionHeatmap,
): Required<Pick<AttentionHeatmap, 'sourceTokens' | 'targetTokens' | 'weights'>> {
  if (typeof heatmap !== 'object' || heatmap === null) {
    throw invalidArgument(OWNER, 'heatmap', 'must be an object', heatmap);
  }
  const sourceTokens = assertStrings(OWNER, 'sourceTokens', heatmap.sourceTokens);
  const targetTokens = assertStrings(OWNER, 'targetTokens', heatmap.targetTokens);
  const { weights } = heatmap;
  if (heatmap.title !== undefined && typeof heatmap.title !== 'string') {
    throw invalidArgument(OWNER, 'title', 'must be a string', heatmap.title);
  }
  if (!Array.isArray(weights) || weights.length !== targetTokens.length) {
    throw invalidArgument(
      OWNER,
      'weights.length',
      `must equal the number of target tokens (${targetTokens.length})`,
      Array.isArray(weights) ? weights.length : weights,
    );
  }
  weights.forEach((row, t) => {
    if (row?.length !== sourceTokens.length) {
      throw invalidArgument(
        OWNER,
        `weights[${t}].length`,
        `must equal the number of source tokens (${sourceTokens.length})`,
        row?.length,
      );
    }
    for (let s = 0; s < row.length; s++) {
      if (!Number.isFinite(row[s])) {
        throw invalidArgument(OWNER, `weights[${t}][${s}]`, 'must be a finite number', row[s]);
      }
    }
  });
  return { sourceTokens, targetTokens, weights };
}

const WHITESPACE_SYMBOLS: Readonly<Record<string, string>> = { ' ': '␣', '\t': '⇥', '\n': '↵' };

/** A token as drawn: an all-whitespace token (a char model's space) gets visible symbols. */
function visibleLabel(token: string): string {
  if (token === '') return '∅';
  if (token.trim() !== '') return token;
  return Array.from(token, (character) => WHITESPACE_SYMBOLS[character] ?? '␣').join('');
}

function cellValues(
  weights: ReadonlyArray<ArrayLike<number>>,
  gridLeft: number,
  gridTop: number,
  cell: number,
  maxWeight: number,
): string[] {
  const parts = [`<g class="values" font-size="${round(cell * 0.32)}" text-anchor="middle">`];
  weights.forEach((row, t) => {
    for (let s = 0; s < row.length; s++) {
      const weight = Number(row[s]);
      const fill = weight > maxWeight / 2 ? '#ffffff' : '#222222';
      parts.push(
        `<text x="${round(gridLeft + (s + 0.5) * cell)}" y="${round(gridTop + (t + 0.5) * cell)}" dy="0.35em" fill="${fill}">${weight.toFixed(2)}</text>`,
      );
    }
  });
  parts.push('</g>');
  return parts;
}

function legend(top: number, swatch: number, fontSize: number, maxWeight: number): string[] {
  const parts = ['<g class="legend">'];
  for (let i = 0; i < LEGEND_STEPS; i++) {
    const value = ((i + 0.5) / LEGEND_STEPS) * maxWeight;
    parts.push(
      `<rect x="${round(PADDING + i * swatch)}" y="${round(top)}" width="${round(swatch)}" height="${round(swatch)}" fill="${blues(value, maxWeight)}"/>`,
    );
  }
  const labelY = round(top + swatch + ASCENT_EM * fontSize);
  parts.push(
    `<text x="${PADDING}" y="${labelY}" font-size="${round(fontSize)}">0</text>`,
    `<text x="${round(PADDING + LEGEND_STEPS * swatch)}" y="${labelY}" font-size="${round(fontSize)}" text-anchor="end">${formatWeight(maxWeight)}</text>`,
    '</g>',
  );
  return parts;
}

function formatWeight(weight: number): string {
  return Number.isInteger(weight) ? String(weight) : weight.toFixed(3);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
