import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomically } from '@heed/core/node';
import type { Translation } from '@heed/models';
import { type AttentionHeatmap, renderAttentionSvg } from '@heed/viz';
import { writeReport } from '@heed/viz/node';
import { NmtError } from '../errors';

/**
 * The heat map of a translation's best hypothesis: rows are the generated
 * tokens (and `</s>` when the hypothesis ended with EOS), columns the source
 * tokens with their `</s>`.
 */
export function attentionHeatmap(translation: Translation, title?: string): AttentionHeatmap {
  const best = translation.hypotheses[0];
  if (!best?.attention) {
    throw new NmtError(
      `no attention weights for '${translation.source}'; decode with attention on`,
    );
  }
  const targetTokens = best.reachedEos ? [...best.tokens, '</s>'] : [...best.tokens];
  return {
    title: title ?? `${translation.source} → ${best.text}`,
    sourceTokens: translation.sourceTokens,
    targetTokens,
    weights: best.attention.slice(0, targetTokens.length),
  };
}

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
