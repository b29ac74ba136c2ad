import type { Translation } from '@heed/models';
import type { AttentionHeatmap } from '@heed/viz';

/** The end-of-sentence token as the axes show it. */
const EOS_LABEL = '</s>';

/**
 * The heat map of a translation's best hypothesis: source tokens (with
 * `</s>`) across, the generated tokens (with `</s>` when the model ended the
 * sentence) down, one row of attention per generated token.
 */
export function heatmapOf(translation: Translation, title?: string): AttentionHeatmap {
  const best = translation.hypotheses[0];
  if (best?.attention === undefined) {
    throw new Error(
      `heatmapOf: no attention for '${translation.source}' (translate with attention: true)`,
    );
  }
  return {
    sourceTokens: translation.sourceTokens,
    targetTokens: best.reachedEos ? [...best.tokens, EOS_LABEL] : best.tokens,
    weights: best.attention,
    ...(title === undefined ? {} : { title }),
  };
}
