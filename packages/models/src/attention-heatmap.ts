import { HeedError } from '@heed/core';
import type { AttentionHeatmap } from '@heed/viz';
import type { Translation } from './translate';

/**
 * The heat map of a translation's best hypothesis: rows are the generated
 * tokens (and `</s>` when the hypothesis ended with EOS), columns the source
 * tokens with their `</s>`.
 */
export function attentionHeatmap(translation: Translation, title?: string): AttentionHeatmap {
  const best = translation.hypotheses[0];
  if (!best?.attention) {
    throw new HeedError(
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
