import { expectNoLeaks } from '@heed/core/testing';
import { describe, expect, it } from 'vitest';
import { SOURCE_TEXTS as texts, tinySpecs, tinyTokenizers } from '../test/tiny-models';
import { modelFromSpec } from './model-spec';
import { translate } from './translate';

const tokenizers = tinyTokenizers();
const model = modelFromSpec(tinySpecs(tokenizers).rnn);

describe('translate', () => {
  it('returns one translation per input, in order, with attention over the source tokens', async () => {
    const translations = await translate(model, tokenizers, texts, {
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
    const greedy = await translate(model, tokenizers, texts, { maxLength: 6 });
    const beam = await translate(model, tokenizers, texts, {
      beam: 3,
      nbest: 3,
      maxLength: 6,
      lengthPenalty: 0,
    });
    const beamOne = await translate(model, tokenizers, texts, {
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
    const first = await translate(model, tokenizers, texts, options);
    const second = await translate(model, tokenizers, texts, options);
    expect(first).toEqual(second);
    expect(first[0]?.hypotheses).toHaveLength(2);
    await expectNoLeaks(() =>
      translate(model, tokenizers, texts, { beam: 2, attention: true, maxLength: 6 }),
    );
  });

  it('limits each sentence by its own source length, so batching never changes a translation', async () => {
    const alone = await translate(model, tokenizers, ['a dog']);
    const batched = await translate(model, tokenizers, ['the dog sees the cat', 'a dog']);
    expect(batched[1]).toEqual(alone[0]);
    const [best] = alone[0]?.hypotheses ?? [];
    // 'a dog' + EOS is 3 tokens: at most 2 × 3 + 10 = 16 generated, EOS included.
    expect(best?.ids.length).toBeLessThanOrEqual(best?.reachedEos ? 15 : 16);
    if (!best?.reachedEos) expect(best?.ids).toHaveLength(16);
  });
});
