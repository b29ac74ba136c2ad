import { type AttentionHeatmap, type HeatmapOptions, renderAttentionSvg } from './heatmap-svg';
import { assertPositive } from './validation';

/** Options for `renderAttentionPng`. */
export interface PngOptions extends HeatmapOptions {
  /** Pixel density: 2 draws every SVG px as 2×2 image pixels. Defaults to 2. */
  scale?: number;
  /**
   * The installed face labels are drawn in; glyphs it lacks (Devanagari, CJK…)
   * come from any other installed font that has them. Defaults to 'DejaVu Sans'
   * (resvg picks the first system font when it is absent).
   */
  defaultFontFamily?: string;
  /** Extra font files to load, e.g. a Noto face for a script the system lacks. Defaults to none. */
  fontFiles?: readonly string[];
}

/**
 * Renders an attention heat map to PNG bytes through `@resvg/resvg-js`, an
 * optional peer dependency (prebuilt binaries from npm, no download step):
 * it is loaded only when this function runs, and its absence gives a clear
 * error. Labels are drawn with the system's fonts, so a script needs a font
 * that covers it (Debian: `fonts-noto-core` for Devanagari).
 */
export async function renderAttentionPng(
  heatmap: AttentionHeatmap,
  options: PngOptions = {},
): Promise<Uint8Array> {
  const {
    scale = 2,
    defaultFontFamily = 'DejaVu Sans',
    fontFiles = [],
    ...heatmapOptions
  } = options;
  assertPositive('renderAttentionPng', 'scale', scale);
  // resvg does not walk a CSS font list past a missing first family, so the SVG
  // names the default face and resvg's per-glyph fallback covers other scripts.
  const svg = renderAttentionSvg(heatmap, { fontFamily: defaultFontFamily, ...heatmapOptions });
  let resvg: typeof import('@resvg/resvg-js');
  try {
    resvg = await import('@resvg/resvg-js');
  } catch (cause) {
    throw new Error(
      'renderAttentionPng: PNG output needs the optional package @resvg/resvg-js, which is not installed. Install it with `npm i @resvg/resvg-js`, or write the SVG instead.',
      { cause },
    );
  }
  const image = await resvg.renderAsync(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: {
      loadSystemFonts: true,
      fontFiles: [...fontFiles],
      defaultFontFamily,
      sansSerifFamily: defaultFontFamily,
    },
    logLevel: 'error',
  });
  return new Uint8Array(image.asPng());
}
