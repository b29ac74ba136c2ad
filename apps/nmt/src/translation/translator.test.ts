import { expectNoLeaks } from '@heed/core/testing';
import { WordTokenizer } from '@heed/tokenizers';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/resolve-config';
import { createModel } from '../model/create-model';
import { translateTexts } from './translator';

const texts = ['the cat sleeps', 'a dog', 'the dog sees the cat'];
const tokenizers = {
  source: WordTokenizer.train(texts),
  target: WordTokenizer.train(['el gato duerme', 'un perro', 'el perro ve el gato']),
};
const model = createModel(resolveConfig({ embed: 8, hidden: 8, dropout: 0 }), {
  sourceVocabSize: tokenizers.source.vocab.size,
  targetVocabSize: tokenizers.target.vocab.size,
});

describe('translateTexts', () => {
  it('returns one translation per input, in order, with attention over the source tokens', async () => {
    const translations = await translateTexts(model, tokenizers, texts, {
      attention: true,
      maxLength: 6,
      batchSize: 2,
    });
    expect(translations.map((t) => t.source)).toEqual(texts);
    for (const translation of translations) {
      expect(translation.sourceTokens.at(-1)).toBe('</s>');
      const [best] = translation.hypotheses;
      expect(best?.tokens).toHaveLength(best?.ids.length ?? -1);
      for (const row of best?.attention ?? []) {
        expect(row).toHaveLength(translation.sourceTokens.length);
      }
    }
  });

  it('beam 1 agrees with greedy; beam search returns n-best sorted by score', async () => {
    const greedy = await translateTexts(model, tokenizers, texts, { maxLength: 6 });
    const beam = await translateTexts(model, tokenizers, texts, {
      beam: 3,
      nbest: 3,
      maxLength: 6,
      lengthPenalty: 0,
    });
    const beamOne = await translateTexts(model, tokenizers, texts, {
      beam: 1,
      nbest: 1,
      maxLength: 6,
    });
    expect(beamOne.map((t) => t.hypotheses[0]?.ids)).toEqual(
      greedy.map((t) => t.hypotheses[0]?.ids),
    );
    for (const translation of beam) {
      expect(translation.hypotheses).toHaveLength(3);
      const scores = translation.hypotheses.map((h) => h.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    }
    for (const [i, translation] of beam.entries()) {
      expect(translation.hypotheses[0]?.logProb).toBeGreaterThanOrEqual(
        (greedy[i]?.hypotheses[0]?.logProb ?? 0) - 1e-4,
      );
    }
  });

  it('samples reproducibly from a seed and leaves no tensors behind', async () => {
    const options = { sample: true, nbest: 2, seed: 5, topK: 3, maxLength: 6 };
    const first = await translateTexts(model, tokenizers, texts, options);
    const second = await translateTexts(model, tokenizers, texts, options);
    expect(first).toEqual(second);
    expect(first[0]?.hypotheses).toHaveLength(2);
    await expectNoLeaks(() =>
      translateTexts(model, tokenizers, texts, { beam: 2, attention: true, maxLength: 6 }),
    );
  });

  it('limits each sentence by its own source length, so batching never changes a translation', async () => {
    const alone = await translateTexts(model, tokenizers, ['a dog']);
    const batched = await translateTexts(model, tokenizers, ['the dog sees the cat', 'a dog']);
    expect(batched[1]).toEqual(alone[0]);
    const [best] = alone[0]?.hypotheses ?? [];
    // 'a dog' + EOS is 3 tokens: at most 2 × 3 + 10 = 16 generated, EOS included.
    expect(best?.ids.length).toBeLessThanOrEqual(best?.reachedEos ? 15 : 16);
    if (!best?.reachedEos) expect(best?.ids).toHaveLength(16);
  });
});
