import { describe, expect, it } from 'vitest';
import { CORPUS } from '../test/corpus';
import { BpeTokenizer } from './bpe-tokenizer';
import { CharTokenizer } from './char-tokenizer';
import { tokenizerFromJSON } from './from-json';
import type { Tokenizer } from './tokenizer';
import { WordTokenizer } from './word-tokenizer';

const tokenizers: Tokenizer[] = [
  WordTokenizer.train(CORPUS, { normalizer: ['nfkc', 'lowercase', 'collapse-whitespace'] }),
  CharTokenizer.train(CORPUS),
  BpeTokenizer.train(CORPUS, { vocabSize: 350, minFrequency: 1 }),
];

describe('tokenizerFromJSON', () => {
  it.each(tokenizers.map((t) => [t.kind, t] as const))(
    'rebuilds a %s tokenizer',
    (kind, tokenizer) => {
      const copy = tokenizerFromJSON(JSON.parse(JSON.stringify(tokenizer.toJSON())));
      expect(copy.kind).toBe(kind);
      expect(copy.constructor).toBe(tokenizer.constructor);
      expect(copy.toJSON()).toEqual(tokenizer.toJSON());
      for (const text of CORPUS) {
        expect(copy.encode(text)).toEqual(tokenizer.encode(text));
        expect(copy.decode(copy.encode(text))).toBe(tokenizer.decode(tokenizer.encode(text)));
      }
    },
  );

  it('rejects an unknown kind, a wrong version and a mismatched kind', () => {
    expect(() => tokenizerFromJSON({ kind: 'wordpiece' })).toThrow(
      "tokenizerFromJSON: kind must be one of 'word', 'char', 'bpe'. Received: kind='wordpiece'",
    );
    expect(() => tokenizerFromJSON(null)).toThrow(/Received: kind=undefined/);
    const json = tokenizers[0]!.toJSON();
    expect(() => tokenizerFromJSON({ ...json, version: 0 })).toThrow(
      /unsupported tokenizer format version 0/,
    );
    expect(() => CharTokenizer.fromJSON(json)).toThrow(
      "CharTokenizer.fromJSON: kind must be 'char'. Received: kind='word'",
    );
    expect(() => tokenizerFromJSON({ ...json, normalizer: ['nfd'] })).toThrow(
      /unknown normalizer step "nfd"/,
    );
  });
});
