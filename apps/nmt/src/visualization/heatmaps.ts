import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomically } from '@heed/core/node';
import { attentionHeatmap, type Translation } from '@heed/models';
import { renderAttentionSvg } from '@heed/viz';
import { writeReport } from '@heed/viz/node';

/** What to write: one SVG per sentence, one HTML report with all of them, or both. */
export type HeatmapFormat = 'svg' | 'html' | 'both';

/** Options of `writeHeatmaps`. */
export interface WriteHeatmapsOptions {
  /** Defaults to `'both'`. */
  format?: HeatmapFormat;
  /** Title of the HTML report. Defaults to 'heed-nmt attention'. */
  title?: string;
  /** Table rows shown in the report (e.g. BLEU). */
  metrics?: Record<string, string | number | boolean | null>[];
  /** Shown pretty-printed in the report. */
  config?: unknown;
}

/**
 * Writes `attention-<i>.svg` per translation (1-based) and/or `attention.html`
 * (an offline report with every heat map) into `directory`, each file through
 * a temporary name and a rename (`writeFileAtomically`). Returns the written paths.
 */
export async function writeHeatmaps(
  directory: string,
  translations: readonly Translation[],
  options: WriteHeatmapsOptions = {},
): Promise<string[]> {
  const format = options.format ?? 'both';
  const root = resolve(directory);
  await mkdir(root, { recursive: true });
  const heatmaps = translations.map((translation) => attentionHeatmap(translation));
  const written: string[] = [];
  if (format === 'svg' || format === 'both') {
    for (const [i, heatmap] of heatmaps.entries()) {
      written.push(
        await writeFileAtomically(
          join(root, `attention-${i + 1}.svg`),
          renderAttentionSvg(heatmap),
        ),
      );
    }
  }
  if (format === 'html' || format === 'both') {
    const file = join(root, 'attention.html');
    await writeReport(file, {
      title: options.title ?? 'heed-nmt attention',
      heatmaps,
      ...(options.metrics ? { metrics: options.metrics } : {}),
      ...(options.config === undefined ? {} : { config: options.config }),
    });
    written.push(file);
  }
  return written;
}
