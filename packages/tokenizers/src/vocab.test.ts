import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyCodePoint } from '../test/corpus';
import { TokenizerError } from './errors';
import { BOS_ID, EOS_ID, PAD_ID, SPECIAL_TOKENS, UNK_ID } from './special-tokens';
import { Vocab } from './vocab';

describe('Vocab', () => {
  it('gives the fixed special ids the same values as @heed/core', () => {
    expect([PAD_ID, BOS_ID, EOS_ID, UNK_ID]).toEqual([0, 1, 2, 3]);
    const vocab = Vocab.fromCounts([]);
    expect(vocab.tokens).toEqual(['<pad>', '<s>', '</s>', '<unk>']);
    expect(SPECIAL_TOKENS.map((token) => vocab.id(token))).toEqual([0, 1, 2, 3]);
  });

  it('orders ids by descending count, ties in first-seen order, and keeps the counts', () => {
    const vocab = Vocab.fromCounts([
      ['b', 2],
      ['a', 5],
      ['c', 2],
      ['d', 9],
    ]);
    expect(vocab.tokens.slice(4)).toEqual(['d', 'a', 'b', 'c']);
    expect(vocab.counts).toEqual([0, 0, 0, 0, 9, 5, 2, 2]);
    expect(vocab.count(vocab.id('a'))).toBe(5);
  });

  it('applies minFrequency and maxSize (special tokens included in the size)', () => {
    const counts = new Map([
      ['x', 1],
      ['y', 3],
      ['z', 2],
    ]);
    expect(Vocab.fromCounts(counts, { minFrequency: 2 }).tokens.slice(4)).toEqual(['y', 'z']);
    expect(Vocab.fromCounts(counts, { maxSize: 5 }).tokens.slice(4)).toEqual(['y']);
  });

  it('reserves ids for extra special tokens right after the fixed four', () => {
    const vocab = Vocab.fromCounts([['hola', 3]], { specialTokens: ['<sep>', '<2de>'] });
    expect(vocab.id('<sep>')).toBe(4);
    expect(vocab.id('<2de>')).toBe(5);
    expect(vocab.id('hola')).toBe(6);
    expect(vocab.specialCount).toBe(6);
    expect(vocab.isSpecial(5)).toBe(true);
    expect(vocab.isSpecial(6)).toBe(false);
  });

  it('treats __proto__, constructor and toString as ordinary tokens', () => {
    const vocab = Vocab.fromCounts([
      ['__proto__', 3],
      ['constructor', 2],
      ['toString', 1],
    ]);
    expect(vocab.id('__proto__')).toBe(4);
    expect(vocab.id('constructor')).toBe(5);
    expect(vocab.id('toString')).toBe(6);
    expect(vocab.id('hasOwnProperty')).toBe(UNK_ID);
    expect(vocab.has('valueOf')).toBe(false);
    expect(Vocab.fromJSON(JSON.parse(JSON.stringify(vocab))).id('__proto__')).toBe(4);
  });

  it('returns <unk> for unknown tokens and rejects bad ids', () => {
    const vocab = Vocab.fromCounts([['a', 1]]);
    expect(vocab.id('zzz')).toBe(UNK_ID);
    expect(vocab.find('zzz')).toBeUndefined();
    expect(() => vocab.token(5)).toThrow(/id=5 is not a token id; the vocabulary has 5 tokens/);
    expect(() => vocab.token(-1)).toThrow(TokenizerError);
    expect(() => vocab.token(1.5)).toThrow(TokenizerError);
  });

  it('rejects bad options and counts with clear errors', () => {
    expect(() => Vocab.fromCounts([], { minFreq: 2 } as never)).toThrow(
      "Vocab.fromCounts: unknown option 'minFreq'. Known options: minFrequency, maxSize, specialTokens",
    );
    expect(() => Vocab.fromCounts([], { maxSize: 0 })).toThrow(
      'Vocab.fromCounts: maxSize must be a positive integer. Received: maxSize=0',
    );
    expect(() => Vocab.fromCounts([['a', -1]])).toThrow(/count of 'a'/);
    expect(() =>
      Vocab.fromCounts([
        ['a', 1],
        ['a', 2],
      ]),
    ).toThrow(/given twice/);
    expect(() => Vocab.fromCounts([], { specialTokens: ['<s>'] })).toThrow(/repeats a fixed one/);
  });

  it('round-trips through JSON identically', () => {
    const tokens = fc.array(fc.string({ unit: anyCodePoint, minLength: 1, maxLength: 6 }), {
      maxLength: 30,
    });
    const counts = fc.array(fc.nat(1000), { minLength: 30, maxLength: 30 });
    fc.assert(
      fc.property(tokens, counts, fc.nat(3), (spellings, numbers, minFrequency) => {
        const entries = new Map(spellings.map((token, i) => [token, numbers[i]!]));
        for (const special of SPECIAL_TOKENS) entries.delete(special);
        const vocab = Vocab.fromCounts(entries, { minFrequency });
        const json = vocab.toJSON();
        const copy = Vocab.fromJSON(JSON.parse(JSON.stringify(json)));
        expect(copy.toJSON()).toEqual(json);
        expect(copy.tokens).toEqual(vocab.tokens);
        expect(vocab.tokens.map((token) => copy.id(token))).toEqual(
          vocab.tokens.map((_, id) => id),
        );
      }),
    );
  });

  it('rejects a wrong format version and damaged JSON', () => {
    const json = Vocab.fromCounts([
      ['a', 2],
      ['b', 1],
    ]).toJSON();
    expect(() => Vocab.fromJSON({ ...json, version: 2 })).toThrow(
      'Vocab.fromJSON: unsupported vocabulary format version 2; this version of @heed/tokenizers reads version 1',
    );
    expect(() => Vocab.fromJSON({ ...json, format: 'other' })).toThrow(
      /format must be 'heed-vocab'/,
    );
    expect(() => Vocab.fromJSON({ ...json, extra: 1 })).toThrow(/unknown option 'extra'/);
    expect(() => Vocab.fromJSON({ ...json, counts: [0, 0, 0, 0, 1, 2] })).toThrow(
      /counts must not increase/,
    );
    expect(() => Vocab.fromJSON({ ...json, tokens: ['<s>', ...json.tokens.slice(1)] })).toThrow(
      /tokens\[0\] must be '<pad>'/,
    );
    expect(() => Vocab.fromJSON(null)).toThrow(TokenizerError);
  });
});
