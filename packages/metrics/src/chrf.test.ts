import { describe, expect, it } from 'vitest';
import { corpusChrf, sentenceChrf } from './chrf';

/**
 * Every expected value in sacreBLEU's test/test_chrf.py
 * (mjpost/sacrebleu@27bec349d41c900990d5aa669056766d0543d710), EPSILON = 1e-4.
 */
const EPSILON = 1e-4;
const expectWithin = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThan(EPSILON);

const RISK_HYPOTHESIS =
  ' risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .';
const RISK_REFERENCE =
  'risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .';

describe('sacreBLEU test_chrf.py', () => {
  it.each([
    [['abcdefg'], ['hijklmnop'], 0.0],
    [['a'], ['b'], 0.0],
    [[''], ['b'], 0.0],
    [[''], ['ref'], 0.0],
    [[''], ['reference'], 0.0],
    [['aa'], ['ab'], 8.3333],
    [['a', 'b'], ['a', 'c'], 8.3333],
    [['a'], ['a'], 16.6667],
    [['a b c'], ['a b c'], 50.0],
    [['a b c'], ['abc'], 50.0],
    [[RISK_HYPOTHESIS], [RISK_REFERENCE], 63.36173],
    [
      [' Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. '],
      ['Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.'],
      64.1302698,
    ],
    [
      ['Niemand hat die Absicht, eine Mauer zu errichten'],
      ['Niemand hat die Absicht, eine Mauer zu errichten'],
      100.0,
    ],
  ])('test_chrf %# (beta 3, eps smoothing)', (hypotheses, references, expected) => {
    const result = corpusChrf(hypotheses, [references], {
      charOrder: 6,
      wordOrder: 0,
      beta: 3,
      epsSmoothing: true,
    });
    expectWithin(result.score, expected);
  });

  it.each([
    [['a'], ['a'], 100.0],
    [[''], ['reference'], 0.0],
    [['a b c'], ['a b c'], 100.0],
    [['a b c'], ['abc'], 100.0],
    [[''], ['c'], 0.0],
    [['a', 'b'], ['a', 'c'], 50.0],
    [['aa'], ['ab'], 25.0],
  ])('test_chrf_eff_order %# (beta 3, effective order)', (hypotheses, references, expected) => {
    const result = corpusChrf(hypotheses, [references], {
      charOrder: 6,
      wordOrder: 0,
      beta: 3,
      epsSmoothing: false,
    });
    expectWithin(result.score, expected);
  });

  it.each([
    [
      ['Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich.'],
      ['Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.'],
      67.3481606,
    ],
    [[RISK_HYPOTHESIS.trimStart()], [RISK_REFERENCE], 65.2414427],
  ])('test_chrf_keep_whitespace %#', (hypotheses, references, expected) => {
    const result = corpusChrf(hypotheses, [references], {
      charOrder: 6,
      wordOrder: 0,
      beta: 3,
      whitespace: true,
    });
    expectWithin(result.score, expected);
  });

  it.each([
    [
      'Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.',
      ['Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.'],
      39.14078509,
    ],
    [
      'Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.',
      ['A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.'],
      31.22557079,
    ],
    [
      'Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.',
      ['Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.'],
      57.15704367,
    ],
  ])('test_chrf_sentence_level %#', (hypothesis, references, expected) => {
    expectWithin(sentenceChrf(hypothesis, references, { epsSmoothing: true }).score, expected);
  });
});

describe('chrF', () => {
  it('defaults to chrF2 with a sacreBLEU-style signature', () => {
    const result = sentenceChrf('the cat sat', 'the cat sat');
    expect(result.score).toBeCloseTo(100, 10);
    expect(result.name).toBe('chrF2');
    expect(result.signature).toBe('nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.x');
    expect(result.statistics).toHaveLength(18);
  });

  it('chrF++ (word order 2) is named chrF2++ and punishes wrong words more than chrF2', () => {
    const plain = sentenceChrf('the cats sat down', 'the cat sat down');
    const plusPlus = sentenceChrf('the cats sat down', 'the cat sat down', { wordOrder: 2 });
    expect(plusPlus.name).toBe('chrF2++');
    expect(plusPlus.score).toBeLessThan(plain.score);
  });

  it('counts characters by code point, so astral characters are one character each', () => {
    // 😀 is two UTF-16 units; by code point hypothesis and reference share every 1-gram.
    const result = sentenceChrf('😀a', 'a😀', { charOrder: 1 });
    expect(result.statistics).toEqual([2, 2, 2]);
    expect(result.score).toBe(100);
  });

  it('takes the best reference per segment', () => {
    const single = sentenceChrf('the dog barked', 'the dog barked');
    const multi = sentenceChrf('the dog barked', ['a cat meowed', 'the dog barked']);
    expect(multi.score).toBe(single.score);
    expect(multi.signature.startsWith('nrefs:2|')).toBe(true);
  });

  it('lowercase makes case differences free', () => {
    expect(sentenceChrf('The Dog', 'the dog').score).toBeLessThan(100);
    expect(sentenceChrf('The Dog', 'the dog', { lowercase: true }).score).toBeCloseTo(100, 10);
  });

  it('rejects bad options with a clear message', () => {
    expect(() => sentenceChrf('a', 'a', { beta: 0 })).toThrow(
      'sentenceChrf: beta must be positive. Received: beta=0',
    );
    expect(() => sentenceChrf('a', 'a', { order: 3 } as object)).toThrow(/unknown option 'order'/);
  });
});
