import { describe, expect, it } from 'vitest';
import { MetricsError } from '../errors';
import { closestReferenceLength, corpusBleu, sentenceBleu } from './bleu';

describe('BLEU edge cases', () => {
  it('an empty hypothesis scores 0 with a zero brevity penalty', () => {
    const result = sentenceBleu('', 'the cat');
    expect(result).toMatchObject({ score: 0, bp: 0, ratio: 0, sysLen: 0, refLen: 2 });
    expect(result.counts).toEqual([0, 0, 0, 0]);
    expect(result.totals).toEqual([0, 0, 0, 0]);
  });

  it('a segment whose references are all missing is refused', () => {
    expect(() => corpusBleu(['a', 'b'], [['a', null]])).toThrow(
      'corpusBleu: segment 1 has no reference: its line is missing (null or undefined) in every reference stream',
    );
    expect(() => corpusBleu(['a'], [[undefined], [null]])).toThrow(/segment 0/);
  });

  it('a single matching word is 100 at sentence level but 0 at corpus level (no effective order)', () => {
    // exp(log(100)) = 100.00000000000004, in Python as here.
    expect(sentenceBleu('hello', 'hello').score).toBeCloseTo(100, 12);
    expect(corpusBleu(['hello'], ['hello']).score).toBe(0);
    expect(sentenceBleu('hello', 'world').score).toBe(0);
  });

  it('13a keeps non-ASCII punctuation attached; intl splits it off', () => {
    // 13a: [¿Qué, tal, ?] vs [Qué, tal, ?]: 2/3, 1/2, 0/1 (exp: 100/2), order 3 effective.
    const thirteenA = sentenceBleu('¿Qué tal?', 'Qué tal?');
    expect(thirteenA.counts.slice(0, 3)).toEqual([2, 1, 0]);
    expect(thirteenA.score).toBeCloseTo(Math.cbrt((200 / 3) * 50 * 50), 10);
    // intl: [¿, Qué, tal, ?] vs [Qué, tal, ?]: 3/4, 2/3, 1/2, 0/1 (exp: 100/2).
    const intl = sentenceBleu('¿Qué tal?', 'Qué tal?', { tokenize: 'intl' });
    expect(intl.counts).toEqual([3, 2, 1, 0]);
    expect(intl.score).toBeCloseTo((75 * (200 / 3) * 50 * 50) ** 0.25, 10);
  });

  it('picks the closest reference length, ties going to the shorter', () => {
    expect(closestReferenceLength(3, [4, 2])).toBe(2);
    expect(closestReferenceLength(3, [2, 4])).toBe(2);
    expect(closestReferenceLength(3, [5, 4, 1])).toBe(4);
    const result = sentenceBleu('a b c', ['a b', 'a b c d']);
    expect(result.refLen).toBe(2);
    expect(result.bp).toBe(1);
  });

  it('clips counts by the maximum over references', () => {
    // "the" appears twice in the hypothesis, at most once in each reference.
    const result = sentenceBleu('the the', ['the cat', 'a the']);
    expect(result.counts[0]).toBe(1);
  });

  it('lowercase makes case differences free and shows in the signature', () => {
    expect(sentenceBleu('The Cat', 'the cat').score).toBe(0);
    const lowered = sentenceBleu('The Cat', 'the cat', { lowercase: true });
    expect(lowered.score).toBeCloseTo(100, 12);
    expect(lowered.signature).toBe('nrefs:1|case:lc|eff:yes|tok:13a|smooth:exp|version:2.x');
  });

  it('signatures follow sacreBLEU (smoothing values, variable reference counts)', () => {
    expect(corpusBleu(['a b'], ['a b']).signature).toBe(
      'nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.x',
    );
    expect(corpusBleu(['a b'], ['a b'], { smoothMethod: 'floor' }).signature).toContain(
      'smooth:floor[0.10]',
    );
    expect(
      corpusBleu(['a b'], ['a b'], { smoothMethod: 'add-k', smoothValue: 2 }).signature,
    ).toContain('smooth:add-k[2.00]');
    const variable = corpusBleu(
      ['a', 'b'],
      [
        ['a', 'b'],
        ['x', null],
      ],
    );
    expect(variable.signature.startsWith('nrefs:var|')).toBe(true);
  });

  it('accepts a single reference stream or several', () => {
    const hypotheses = ['the cat sat on the mat', 'a dog barked'];
    const single = corpusBleu(hypotheses, ['the cat sat on a mat', 'the dog barked']);
    const nested = corpusBleu(hypotheses, [['the cat sat on a mat', 'the dog barked']]);
    expect(single).toEqual(nested);
  });

  it('errors are MetricsError and carry the cross-copy heed error marker', () => {
    let caught: unknown;
    try {
      corpusBleu(['a'], [['a', 'b']]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MetricsError);
    expect((caught as Record<symbol, unknown>)[Symbol.for('heed.error')]).toBe(true);
    expect(MetricsError.isInstance(caught)).toBe(true);
    expect(MetricsError.isInstance(new Error('x'))).toBe(false);
    expect((caught as Error).message).toBe(
      'corpusBleu: every reference stream must have one line per hypothesis (1). Received: references[0].length=2',
    );
    expect(() => corpusBleu(['a'], ['a'], { tokenizer: '13a' } as object)).toThrow(
      /unknown option 'tokenizer'/,
    );
    expect(() => corpusBleu(['a'], ['a'], { tokenize: 'moses' as 'none' })).toThrow(
      /tokenize must be one of/,
    );
    expect(() => corpusBleu(['a'], ['a'], { maxNgramOrder: 0 })).toThrow(
      /maxNgramOrder must be a positive integer/,
    );
  });
});
