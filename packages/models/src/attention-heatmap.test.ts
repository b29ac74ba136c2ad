import { describe, expect, it } from 'vitest';
import { attentionHeatmap } from './attention-heatmap';
import type { Translation, TranslationHypothesis } from './translate';

const hypothesis = (fields: Partial<TranslationHypothesis>): TranslationHypothesis => ({
  text: 'el gato',
  tokens: ['el', 'gato'],
  ids: [4, 5],
  score: -1,
  logProb: -1,
  reachedEos: true,
  ...fields,
});

const translation = (best: TranslationHypothesis): Translation => ({
  source: 'the cat',
  sourceTokens: ['the', 'cat', '</s>'],
  hypotheses: [best],
});

describe('attentionHeatmap', () => {
  it("shows the best hypothesis's tokens (with </s> when it reached EOS) against the source", () => {
    const attention = [
      [0.9, 0.1, 0],
      [0.2, 0.7, 0.1],
      [0, 0.1, 0.9],
      [0.3, 0.3, 0.4],
    ];
    expect(attentionHeatmap(translation(hypothesis({ attention })))).toEqual({
      title: 'the cat → el gato',
      sourceTokens: ['the', 'cat', '</s>'],
      targetTokens: ['el', 'gato', '</s>'],
      weights: attention.slice(0, 3),
    });
    const cut = attentionHeatmap(
      translation(hypothesis({ attention, reachedEos: false })),
      'no EOS',
    );
    expect(cut.title).toBe('no EOS');
    expect(cut.targetTokens).toEqual(['el', 'gato']);
    expect(cut.weights).toEqual(attention.slice(0, 2));
  });

  it('names the sentence decoded without attention', () => {
    expect(() => attentionHeatmap(translation(hypothesis({})))).toThrow(
      "no attention weights for 'the cat'; decode with attention on",
    );
  });
});
