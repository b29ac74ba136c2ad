import { describe, expect, it } from 'vitest';
import { corpusBleu, corpusChrf, sentenceBleu, tokenAccuracy } from './index';

describe('README first example', () => {
  it('runs and prints what the README says', () => {
    const hypotheses = [
      'The dog bit the man.',
      "It wasn't surprising.",
      'The man had just bitten him.',
    ];
    const references = [
      ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
      ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
    ];
    const bleu = corpusBleu(hypotheses, references);
    expect(bleu.score.toFixed(2)).toBe('48.53');
    expect(bleu.signature).toBe('nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.x');
    expect(sentenceBleu('the cat sat', 'the cat sat down').score).toBeGreaterThan(0);
    expect(corpusChrf(hypotheses, references).score).toBeGreaterThan(0);
    expect(tokenAccuracy([[5, 6, 7]], [[5, 6, 0]])).toEqual({ accuracy: 1, correct: 2, total: 2 });
  });
});
