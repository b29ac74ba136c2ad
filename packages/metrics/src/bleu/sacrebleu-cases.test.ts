import { describe, expect, it } from 'vitest';
import { corpusBleu, sentenceBleu } from './bleu';
import { computeBleu } from './compute-bleu';

/**
 * Every expected value hard-coded in sacreBLEU's own tests, with their
 * tolerances:
 *   test/test_bleu.py (mjpost/sacrebleu@785d26bb42ff5cc738c8aa06efb288cf407fc4fd), EPSILON = 1e-8
 *   test/test_sentence_bleu.py (mjpost/sacrebleu@27bec349d41c900990d5aa669056766d0543d710), EPSILON = 1e-3
 * sacreBLEU's `raw_corpus_bleu(hyps, refs, v)` is BLEU with floor smoothing
 * `v`, no tokenization and effective order; its scores there are divided by 100.
 */
const rawCorpusBleu = (hypotheses: string[], references: string[][], smoothValue = 0.1) =>
  corpusBleu(hypotheses, references, {
    smoothMethod: 'floor',
    smoothValue,
    tokenize: 'none',
    effectiveOrder: true,
  });

const EPSILON = 1e-8;
const expectWithin = (actual: number, expected: number, epsilon: number) =>
  expect(Math.abs(actual - expected)).toBeLessThan(epsilon);

// test_bleu.py: _refs / _hyps (the README example)
const REFS = [
  ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
  ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
];
const HYPS = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];

describe('sacreBLEU test_bleu.py', () => {
  it.each([
    [['this is a test', 'another test'], [['ref1', 'ref2']], 0.0],
    [['this is a test'], [['this is a test']], 1.0],
    [['this is a fest'], [['this is a test']], 0.223606797749979],
  ])('test_raw_bleu %#', (hypotheses, references, expected) => {
    expectWithin(rawCorpusBleu(hypotheses, references, 0.01).score / 100, expected, EPSILON);
  });

  it.each([
    [HYPS, {}, 48.530827],
    [['', '', ''], {}, 0.0],
    [HYPS, { tokenize: 'none' }, 49.1919566],
    [HYPS, { tokenize: '13a' }, 48.530827],
    [HYPS, { tokenize: 'intl' }, 43.91623493],
    [HYPS, { smoothMethod: 'none' }, 48.530827],
  ] as const)('test_corpus_bleu %#', (hypotheses, options, expected) => {
    expectWithin(corpusBleu(hypotheses, REFS, options).score, expected, EPSILON);
  });

  it.each([
    [['test'], [['a test']], 0.3678794411714425],
    [['a test'], [['a test']], 1.0],
    [['a little test'], [['a test']], 0.03218297948685433],
  ])('test_effective_order %#', (hypotheses, references, expected) => {
    expectWithin(rawCorpusBleu(hypotheses, references, 0.01).score / 100, expected, EPSILON);
  });

  it('test_statistics', () => {
    const result = rawCorpusBleu(
      ['am I am a character sequence'],
      [['I am a symbol string sequence a a']],
      0.01,
    );
    expect(result.counts).toEqual([4, 2, 1, 0]);
    expect(result.totals).toEqual([6, 5, 4, 3]);
  });

  it('test_scoring', () => {
    const result = computeBleu({
      correct: [9, 7, 5, 3],
      total: [10, 8, 6, 4],
      sysLen: 11,
      refLen: 11,
    });
    expectWithin(result.score / 100, 0.8375922397, EPSILON);
  });

  it('test_offset', () => {
    const hypotheses = ['am I am a character sequence'];
    const references = [['I am a symbol string sequence a a']];
    expectWithin(rawCorpusBleu(hypotheses, references, 0.0).score / 100, 0, EPSILON);
    // floor smoothing's default value, 0.1
    const fallback = corpusBleu(hypotheses, references, {
      smoothMethod: 'floor',
      tokenize: 'none',
      effectiveOrder: true,
    });
    expectWithin(fallback.score / 100, 0.1555722182, EPSILON);
  });

  it.each([
    [[0, 0, 0, 0], [4, 4, 2, 1], 0, 1, 0.0],
    [[0, 0, 0, 0], [10, 11, 12, 0], 14, 10, 0.0],
    [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.0],
    [[6, 5, 4, 0], [6, 5, 4, 3], 6, 6, 0.0],
    [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.1],
    [[0, 0, 0, 0], [0, 0, 0, 0], 1, 5, 0.01],
  ])('test_degenerate_statistics %#', (correct, total, sysLen, refLen, offset) => {
    const result = computeBleu(
      { correct, total, sysLen, refLen },
      { smoothMethod: 'floor', smoothValue: offset },
    );
    expect(result.score / 100).toBe(0.0);
  });

  it.each([
    [1, '77.65'],
    [2, '60.50'],
    [3, '53.93'],
    [4, '48.53'],
    [5, '46.14'],
    [6, '43.28'],
  ])('test_max_ngram_order %i', (order, expected) => {
    expect(corpusBleu(HYPS, REFS, { maxNgramOrder: order }).score.toFixed(2)).toBe(expected);
  });
});

// test_sentence_bleu.py: example from sacreBLEU issue #98
const REF = 'producţia de zahăr brut se exprimă în zahăr alb;';
const SYS = 'Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;';

describe('sacreBLEU test_sentence_bleu.py', () => {
  it.each([
    ['exp', undefined, false, '13a', 8.493],
    ['none', undefined, false, '13a', 0.0],
    ['floor', undefined, false, '13a', 4.51688],
    ['floor', 0.1, false, '13a', 4.51688],
    ['floor', 0.5, false, '13a', 10.1],
    ['add-k', undefined, false, '13a', 14.882],
    ['add-k', 1, false, '13a', 14.882],
    ['add-k', 2, false, '13a', 21.389],
    ['exp', undefined, false, 'none', 7.347],
    ['exp', undefined, false, 'intl', 8.493],
    ['exp', undefined, false, 'char', 40.8759],
    ['exp', undefined, true, 'char', 42.0267],
  ] as const)(
    'smooth=%s value=%s lowercase=%s tok=%s → %f',
    (smoothMethod, smoothValue, lowercase, tokenize, expected) => {
      const options = {
        smoothMethod,
        lowercase,
        tokenize,
        effectiveOrder: true,
        ...(smoothValue === undefined ? {} : { smoothValue }),
      };
      expectWithin(sentenceBleu(SYS, [REF], options).score, expected, 1e-3);
    },
  );

  // Example from sacreBLEU issue #141: no match at all gives exactly 0 whatever the smoothing.
  it.each([
    ['exp', undefined],
    ['none', undefined],
    ['floor', undefined],
    ['floor', 0.1],
    ['add-k', undefined],
    ['add-k', 1],
  ] as const)('zero BLEU with smooth=%s value=%s', (smoothMethod, smoothValue) => {
    const options = { smoothMethod, ...(smoothValue === undefined ? {} : { smoothValue }) };
    expectWithin(sentenceBleu('this is a cat', ['okay thanks'], options).score, 0.0, 1e-3);
  });
});
