import { describe, expect, it } from 'vitest';
import { TokenizerError } from './errors';
import { BOS_ID, EOS_ID, PAD_ID } from './special-tokens';
import { WordTokenizer } from './word-tokenizer';

const tokenizer = WordTokenizer.train(['a b c d e f', 'a b', 'x']);
const id = (token: string) => tokenizer.vocab.id(token);

describe('encodeBatch', () => {
  it('pads to the longest row, row-major [b, T], PAD after each row', () => {
    const batch = tokenizer.encodeBatch(['a b c', 'x', '']);
    expect(batch.shape).toEqual([3, 3]);
    expect(batch.ids).toBeInstanceOf(Int32Array);
    expect(Array.from(batch.lengths)).toEqual([3, 1, 0]);
    expect(Array.from(batch.ids)).toEqual([
      id('a'),
      id('b'),
      id('c'),
      id('x'),
      PAD_ID,
      PAD_ID,
      PAD_ID,
      PAD_ID,
      PAD_ID,
    ]);
  });

  it('adds BOS and EOS, counted in the lengths', () => {
    const batch = tokenizer.encodeBatch(['a b', 'x'], { addBos: true, addEos: true });
    expect(batch.shape).toEqual([2, 4]);
    expect(Array.from(batch.ids)).toEqual([
      BOS_ID,
      id('a'),
      id('b'),
      EOS_ID,
      BOS_ID,
      id('x'),
      EOS_ID,
      PAD_ID,
    ]);
    expect(Array.from(batch.lengths)).toEqual([4, 3]);
  });

  it('truncates at the end or the start and keeps BOS/EOS', () => {
    const texts = ['a b c d e f'];
    const end = tokenizer.encodeBatch(texts, { addBos: true, addEos: true, maxLength: 4 });
    expect(Array.from(end.ids)).toEqual([BOS_ID, id('a'), id('b'), EOS_ID]);
    const start = tokenizer.encodeBatch(texts, { addEos: true, maxLength: 3, truncation: 'start' });
    expect(Array.from(start.ids)).toEqual([id('e'), id('f'), EOS_ID]);
    expect(() => tokenizer.encodeBatch(texts, { maxLength: 3, truncation: 'error' })).toThrow(
      /row 0 has 6 tokens before BOS\/EOS, more than maxLength=3 allows/,
    );
  });

  it('pads to a fixed length', () => {
    const batch = tokenizer.encodeBatch(['a', 'x'], { padTo: 4 });
    expect(batch.shape).toEqual([2, 4]);
    expect(Array.from(batch.ids)).toEqual([id('a'), 0, 0, 0, id('x'), 0, 0, 0]);
    expect(() => tokenizer.encodeBatch(['a b c'], { padTo: 2 })).toThrow(
      /padTo=2 is shorter than row 0 \(3 tokens\); set maxLength to truncate/,
    );
    const cut = tokenizer.encodeBatch(['a b c'], { padTo: 2, maxLength: 2 });
    expect(Array.from(cut.ids)).toEqual([id('a'), id('b')]);
  });

  it('handles an empty batch', () => {
    const batch = tokenizer.encodeBatch([]);
    expect(batch.shape).toEqual([0, 0]);
    expect(batch.ids.length).toBe(0);
  });

  it('decodes a batch row by row up to each length', () => {
    const batch = tokenizer.encodeBatch(['a b c', 'x'], { addBos: true, addEos: true });
    expect(tokenizer.decodeBatch(batch, { skipSpecial: true })).toEqual(['a b c', 'x']);
    expect(tokenizer.decodeBatch(batch)).toEqual(['<s> a b c </s>', '<s> x </s>']);
  });

  it('rejects unknown options, bad values and non-string texts', () => {
    expect(() => tokenizer.encodeBatch(['a'], { padding: 'longest' } as never)).toThrow(
      "WordTokenizer.encodeBatch: unknown option 'padding'. Known options: addBos, addEos, maxLength, truncation, padTo",
    );
    expect(() => tokenizer.encodeBatch(['a'], { truncation: 'middle' as never })).toThrow(
      "WordTokenizer.encodeBatch: truncation must be one of 'end', 'start', 'error'. Received: truncation='middle'",
    );
    expect(() =>
      tokenizer.encodeBatch(['a'], { maxLength: 1, addBos: true, addEos: true }),
    ).toThrow(/maxLength must leave room for BOS and EOS/);
    expect(() => tokenizer.encodeBatch(['a'], { padTo: -1 })).toThrow(TokenizerError);
    expect(() => tokenizer.encodeBatch(['a', 7 as never])).toThrow(
      'WordTokenizer.encodeBatch: texts[1] must be a string. Received: 7',
    );
  });
});
