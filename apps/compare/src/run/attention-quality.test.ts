import { expectNoLeaks } from '@heed/core/testing';
import { generateAlignedDates } from '@heed/data';
import { attentionEntropy } from '@heed/metrics';
import { createModel, DATA_SEED, encodePairs, trainTokenizers } from '@heed/recipe';
import { describe, expect, it } from 'vitest';
import { resolveCompareConfig } from '../config/resolve-compare-config';
import { modelConfig } from '../models/model-config';
import { attentionQuality, teacherForcedAttention } from './attention-quality';
import { dateAlignments } from './date-alignments';

describe('teacherForcedAttention', () => {
  const config = resolveCompareConfig('quick', {
    data: 'builtin:dates',
    tokenizer: 'char',
    corpusSize: 50,
    embed: 8,
    hidden: 12,
  });
  const pairs = generateAlignedDates(7, DATA_SEED);
  const tokenizers = trainTokenizers(pairs, config);
  const encoded = encodePairs(pairs, tokenizers);

  it('gives each pair a [target][source] map of its real tokens, in batches, leaving no tensors', async () => {
    const model = createModel(modelConfig('additive', config, 8), {
      sourceVocabSize: tokenizers.source.vocab.size,
      targetVocabSize: tokenizers.target.vocab.size,
    });
    try {
      const maps = await expectNoLeaks(() =>
        teacherForcedAttention(model, encoded.source, encoded.target, 3),
      );
      expect(maps).toHaveLength(7);
      maps?.forEach((map, i) => {
        expect(map).toHaveLength(encoded.target[i]?.length ?? -1);
        for (const row of map) {
          expect(row).toHaveLength(encoded.source[i]?.length ?? -1);
          expect(row.reduce((sum, w) => sum + w, 0)).toBeCloseTo(1, 5);
        }
      });
      // The same maps as one forward pass over a single pair (no padding).
      const single = await teacherForcedAttention(
        model,
        [encoded.source[6] ?? []],
        [encoded.target[6] ?? []],
        1,
      );
      expect(single?.[0]?.map((row) => Array.from(row))).toEqual(
        maps?.[6]?.map((row) => Array.from(row).map((w) => expect.closeTo(w, 5))),
      );
    } finally {
      model.dispose();
    }
  });

  it('scores sharpness on every map and the AER where the alignment is known', () => {
    const gold = dateAlignments(config, pairs, tokenizers);
    expect(gold).toEqual(pairs.map((pair) => pair.alignment));
    // Attention that puts all weight on the sure source position of each aligned target token.
    const maps = pairs.map((pair, i) => {
      const sure = new Map(pair.alignment.sure.map(([t, s]) => [t, s]));
      return Array.from({ length: encoded.target[i]?.length ?? 0 }, (_, t) =>
        Float32Array.from({ length: encoded.source[i]?.length ?? 0 }, (_, s) =>
          (sure.get(t) ?? 0) === s ? 1 : 0,
        ),
      );
    });
    const quality = attentionQuality(maps, gold);
    expect(quality.sharpness).toEqual(attentionEntropy(maps));
    expect(quality.sharpness.entropy).toBe(0);
    // Every date has a sure link for each of its last year digits, month and
    // day units; the century digits of a two-digit year have none, and a
    // link to source 0 there is only right when it is a possible one.
    expect(quality.alignment?.predicted).toBe(7 * 8);
    expect(quality.alignment?.recall).toBe(1);
    expect(attentionQuality(maps, null).alignment).toBeNull();
  });

  it('knows alignments only for builtin:dates with the char tokenizer in its own direction', () => {
    expect(dateAlignments({ ...config, tokenizer: 'word' }, pairs, tokenizers)).toBeNull();
    expect(dateAlignments({ ...config, reverse: true }, pairs, tokenizers)).toBeNull();
    expect(dateAlignments({ ...config, data: 'builtin:phrasebook' }, pairs, tokenizers)).toBeNull();
  });
});
