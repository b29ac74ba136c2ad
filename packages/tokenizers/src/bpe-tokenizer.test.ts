import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText, CORPUS } from '../test/corpus';
import { BYTE_TOKENS } from './bpe/byte-fallback';
import { BpeTokenizer } from './bpe-tokenizer';
import { NORMALIZER_STEPS } from './normalizers';
import { UNK_ID } from './special-tokens';

const corpus = [...CORPUS, ...CORPUS, ...CORPUS];
const bpe = BpeTokenizer.train(corpus, { vocabSize: 600 });

describe('BpeTokenizer', () => {
  it('segments Spanish with ▁ marking spaces and round-trips it', () => {
    const text = '¿Dónde está la estación?';
    const pieces = bpe.tokenize(text);
    expect(pieces[0]).toBe('▁¿');
    expect(pieces.join('')).toBe('▁¿Dónde▁está▁la▁estación?');
    expect(bpe.decode(bpe.encode(text))).toBe(text);
  });

  it('round-trips Marathi and German, merging frequent words whole', () => {
    const marathi = 'मला काहीतरी प्यायला हवंय.';
    expect(bpe.decode(bpe.encode(marathi))).toBe(marathi);
    const german = 'Sie sagte: „Grüße aus München“ und lächelte.';
    expect(bpe.decode(bpe.encode(german))).toBe(german);
    const repeated = BpeTokenizer.train(Array(20).fill(`${marathi} ${german}`), { vocabSize: 400 });
    expect(repeated.tokenize(marathi)).toEqual(['▁मला', '▁काहीतरी', '▁प्यायला', '▁हवंय', '.']);
    expect(repeated.tokenize(german)).toContain('▁München');
  });

  it('falls back to bytes for unseen characters and still round-trips', () => {
    const ids = bpe.encode('Ωmega 😀');
    expect(ids).not.toContain(UNK_ID);
    expect(bpe.tokenize('Ω')).toEqual(['▁', '<0xCE>', '<0xA9>']);
    expect(bpe.decode(ids)).toBe('Ωmega 😀');
  });

  it('uses <unk> for unseen characters without byte fallback', () => {
    const plain = BpeTokenizer.train(corpus, { vocabSize: 300, byteFallback: false });
    expect(plain.vocab.has(BYTE_TOKENS[0]!)).toBe(false);
    expect(plain.encode('Ω')).toContain(UNK_ID);
  });

  it('orders the vocabulary by piece frequency and keeps the counts', () => {
    const { counts, specialCount, size } = bpe.vocab;
    expect(size).toBe(600);
    for (let id = specialCount + 1; id < size; id++) {
      expect(counts[id]).toBeLessThanOrEqual(counts[id - 1]!);
    }
    // The counts are the pieces' frequencies in the encoded training corpus.
    const used = new Array<number>(size).fill(0);
    for (const text of corpus) for (const id of bpe.encode(text)) used[id]!++;
    expect(used).toEqual([...counts]);
  });

  it('decode(encode(s)) equals normalize(s) for arbitrary Unicode', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const normalized = bpe.normalize(text);
        expect(bpe.decode(bpe.encode(text))).toBe(normalized);
        expect(normalized).not.toMatch(/^\s|\s$|\s\s|\u2581/u);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips under every normaliser pipeline', () => {
    const pipeline = fc.subarray([...NORMALIZER_STEPS]);
    const models = new Map<string, BpeTokenizer>();
    fc.assert(
      fc.property(anyText, pipeline, (text, steps) => {
        const key = steps.join(',');
        const model =
          models.get(key) ??
          BpeTokenizer.train(CORPUS, { vocabSize: 400, minFrequency: 1, normalizer: steps });
        models.set(key, model);
        expect(model.decode(model.encode(text))).toBe(model.normalize(text));
      }),
      { numRuns: 60 },
    );
  });

  it('never throws when decoding arbitrary in-range ids', () => {
    const ids = fc.array(fc.integer({ min: 0, max: bpe.vocab.size - 1 }), { maxLength: 30 });
    fc.assert(
      fc.property(ids, (sequence) => {
        expect(typeof bpe.decode(sequence)).toBe('string');
        expect(typeof bpe.decode(sequence, { skipSpecial: true })).toBe('string');
      }),
    );
  });

  it('saves and loads identically', () => {
    const json = JSON.parse(JSON.stringify(bpe.toJSON()));
    const copy = BpeTokenizer.fromJSON(json);
    expect(copy.toJSON()).toEqual(bpe.toJSON());
    for (const text of CORPUS) expect(copy.encode(text)).toEqual(bpe.encode(text));
  });

  it('reserves extra special tokens and skips them when decoding', () => {
    const model = BpeTokenizer.train(CORPUS, { vocabSize: 400, specialTokens: ['<sep>'] });
    expect(model.vocab.id('<sep>')).toBe(4);
    const ids = [...model.encode('la'), 4, ...model.encode('estación')];
    expect(model.decode(ids)).toBe('la<sep> estación');
    expect(model.decode(ids, { skipSpecial: true })).toBe('la estación');
    // Control tokens are never produced from text.
    expect(model.encode('<sep>')).not.toContain(4);
  });

  it('rejects bad configuration and bad JSON clearly', () => {
    expect(() => BpeTokenizer.train(CORPUS, { vocab_size: 100 } as never)).toThrow(
      "BpeTokenizer.train: unknown option 'vocab_size'. Known options: normalizer, byteFallback, vocabSize, minFrequency, specialTokens",
    );
    expect(() => BpeTokenizer.train(CORPUS, { vocabSize: 100 })).toThrow(
      'BpeTokenizer.train: vocabSize must exceed the 4 special tokens and 256 byte tokens (260). Received: vocabSize=100',
    );
    expect(() => BpeTokenizer.fromJSON({ ...bpe.toJSON(), version: 7 })).toThrow(
      'BpeTokenizer.fromJSON: unsupported tokenizer format version 7; this version of @heed/tokenizers reads version 1',
    );
    const json = bpe.toJSON();
    expect(() => BpeTokenizer.fromJSON({ ...json, merges: [['▁x', 'zzz']] })).toThrow(
      /merges\[0\] = \["▁x","zzz"\] needs the piece '▁x', which is not in the vocabulary/,
    );
    expect(() => BpeTokenizer.fromJSON({ ...json, merges: [7] })).toThrow(
      'BpeTokenizer: merges[0] must be a [left, right] pair of strings. Received: merges[0]=7',
    );
    expect(() => bpe.decode([bpe.vocab.size])).toThrow(/ids\[0\]=600 is not a token id/);
  });
});
