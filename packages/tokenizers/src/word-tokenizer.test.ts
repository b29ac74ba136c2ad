import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText, CORPUS } from '../test/corpus';
import { TokenizerError } from './errors';
import { UNK_ID } from './special-tokens';
import { WordTokenizer } from './word-tokenizer';

const tokenizer = WordTokenizer.train(CORPUS);

describe('WordTokenizer', () => {
  it('encodes and decodes Spanish exactly', () => {
    const text = '¿Dónde está la estación?';
    expect(tokenizer.tokenize(text)).toEqual(['¿', 'Dónde', 'está', 'la', 'estación', '?']);
    expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
  });

  it('encodes and decodes Marathi exactly', () => {
    const text = 'मला काहीतरी प्यायला हवंय.';
    expect(tokenizer.tokenize(text)).toEqual(['मला', 'काहीतरी', 'प्यायला', 'हवंय', '.']);
    expect(tokenizer.encode(text)).not.toContain(UNK_ID);
    expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
  });

  it('encodes and decodes German exactly', () => {
    const text = 'Sie sagte: „Grüße aus München“ und lächelte.';
    expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
    expect(tokenizer.decode(tokenizer.encode('Zwei junge Männer.'))).toBe('Zwei junge Männer.');
  });

  it('maps unknown words to <unk> and can skip special tokens', () => {
    const ids = tokenizer.encode('la casa', { addBos: true, addEos: true });
    expect(ids).toEqual([1, tokenizer.vocab.id('la'), UNK_ID, 2]);
    expect(tokenizer.decode(ids)).toBe('<s> la <unk> </s>');
    expect(tokenizer.decode(ids, { skipSpecial: true })).toBe('la <unk>');
  });

  it('names the bad id and its position', () => {
    expect(() => tokenizer.decode([4, 5, 99999])).toThrow(
      `WordTokenizer.decode: ids[2]=99999 is not a token id; the vocabulary has ${tokenizer.vocab.size} tokens`,
    );
    expect(() => tokenizer.decode([4, -1])).toThrow(/ids\[1\]=-1/);
    expect(() => tokenizer.decode([0.5])).toThrow(/ids\[0\]=0.5/);
    expect(() => tokenizer.decode([4], { skip: true } as never)).toThrow(/unknown option 'skip'/);
  });

  it('rejects unknown configuration', () => {
    expect(() => WordTokenizer.train(CORPUS, { minCount: 2 } as never)).toThrow(
      "WordTokenizer.train: unknown option 'minCount'. Known options: normalizer, markJoins, minFrequency, maxSize, specialTokens",
    );
    expect(() => new WordTokenizer(tokenizer.vocab, { lowercase: true } as never)).toThrow(
      TokenizerError,
    );
    expect(() => WordTokenizer.train(['a', 3 as never])).toThrow(/texts\[1\] must be a string/);
  });

  it('round-trips arbitrary sequences of in-vocabulary tokens (joinWords spacing)', () => {
    const plain = WordTokenizer.train(CORPUS, { markJoins: false });
    const content = fc.array(
      fc.integer({ min: plain.vocab.specialCount, max: plain.vocab.size - 1 }),
      {
        maxLength: 30,
      },
    );
    fc.assert(
      fc.property(content, (ids) => {
        const text = plain.decode(ids);
        expect(plain.encode(text)).toEqual(ids);
        expect(plain.decode(plain.encode(text))).toBe(text);
      }),
    );
  });

  it('round-trips generated text over a multi-script vocabulary', () => {
    const letters = fc.constantFrom(
      ...'abcñáéíóúüößçאבגדابتثабвг'.split(''),
      'क',
      'का',
      'कि',
      'क्',
      'हं',
      'ष्ट्र',
      '中',
      '文',
    );
    const word = fc
      .array(letters, { minLength: 1, maxLength: 5 })
      .map((parts) => parts.join(''))
      .filter((w) => /^\p{L}/u.test(w));
    const punctuation = fc.constantFrom(
      '¿',
      '?',
      '¡',
      '!',
      '.',
      ',',
      '।',
      '(',
      ')',
      '«',
      '»',
      '"',
      ':',
      '…',
    );
    const token = fc.oneof(word, word, punctuation);
    fc.assert(
      fc.property(fc.array(token, { maxLength: 20 }), (tokens) => {
        const model = WordTokenizer.train([tokens.join(' ')], { markJoins: false });
        const ids = tokens.map((t) => model.vocab.id(t));
        const text = model.decode(ids);
        expect(model.encode(text)).toEqual(ids);
        expect(model.decode(model.encode(text))).toBe(text);
      }),
    );
  });

  it('gives back hyphenated words, clock times and odd spacing exactly', () => {
    for (const text of [
      'a quad-core laptop',
      'at 6:30, or 18:45?',
      'see https://example.com/a-b.html now',
      'x - y , z ( a )',
      '17-aug-85 9.12.1953 2046-05-08',
      'He said "hi"and left',
    ]) {
      const model = WordTokenizer.train([text]);
      expect(model.decode(model.encode(text)), text).toBe(text);
      expect(model.encode(text)).not.toContain(UNK_ID);
    }
    const model = WordTokenizer.train(['a quad-core laptop at 6:30']);
    expect(model.tokenize('a quad-core laptop at 6:30')).toEqual([
      'a',
      'quad',
      '\uffed-\uffed',
      'core',
      'laptop',
      'at',
      '6',
      ':\uffed',
      '30',
    ]);
  });

  it('gives back any text it can represent exactly: single-spaced, no U+FFED', () => {
    const piece = fc.constantFrom(
      ...'abcñáé中文אבابкक्षि0123456789'.split(''),
      'का',
      ...'.,;:!?¿¡-–/\\()[]«»"\'„“‘’%&@#*+=…।'.split(''),
    );
    const text = fc
      .array(fc.tuple(piece, fc.constantFrom('', '', ' ')), { minLength: 1, maxLength: 30 })
      .map((parts) =>
        parts
          .map(([p, gap]) => p + gap)
          .join('')
          .trim(),
      );
    fc.assert(
      fc.property(text, (sentence) => {
        const model = WordTokenizer.train([sentence]);
        expect(model.decode(model.encode(sentence))).toBe(sentence);
      }),
      { numRuns: 500 },
    );
    for (const sentence of CORPUS)
      expect(tokenizer.decode(tokenizer.encode(sentence))).toBe(sentence);
  });

  it('reads tokenizers saved before joins were marked as they were', () => {
    const json = { ...tokenizer.toJSON() } as Record<string, unknown>;
    expect(json.markJoins).toBe(true);
    delete json.markJoins;
    const old = WordTokenizer.fromJSON(json);
    expect(old.markJoins).toBe(false);
    expect(old.tokenize('quad-core')).toEqual(['quad', '-', 'core']);
  });

  it('never throws on arbitrary Unicode', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const ids = tokenizer.encode(text, { addBos: true, addEos: true });
        expect(typeof tokenizer.decode(ids)).toBe('string');
        expect(tokenizer.encodeBatch([text, '']).shape[0]).toBe(2);
      }),
    );
  });

  it('round-trips through JSON identically', () => {
    const copy = WordTokenizer.fromJSON(JSON.parse(JSON.stringify(tokenizer.toJSON())));
    expect(copy.toJSON()).toEqual(tokenizer.toJSON());
    expect(copy.encode(CORPUS[0]!)).toEqual(tokenizer.encode(CORPUS[0]!));
  });

  it('trains with a normaliser pipeline, minFrequency and maxSize', () => {
    const model = WordTokenizer.train(['Él dijo: ¡ÉL!', 'el perro!', 'el gato'], {
      normalizer: ['nfc', 'lowercase', 'strip-accents', 'collapse-whitespace'],
      minFrequency: 2,
    });
    expect(model.vocab.tokens).toEqual(['<pad>', '<s>', '</s>', '<unk>', 'el', '!']);
    expect(model.vocab.counts[4]).toBe(4);
    const cut = WordTokenizer.train(['el el !', 'el !'], { maxSize: 5 });
    expect(cut.vocab.tokens.slice(4)).toEqual(['el']);
  });
});
