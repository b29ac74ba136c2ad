import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText, CORPUS } from '../test/corpus';
import { CharTokenizer } from './char-tokenizer';
import { UNK_ID } from './special-tokens';

const tokenizer = CharTokenizer.train(CORPUS);

describe('CharTokenizer', () => {
  it('splits Marathi into grapheme clusters, matras and viramas attached', () => {
    expect(tokenizer.tokenize('प्यायला हवंय')).toEqual(['प्या', 'य', 'ला', ' ', 'ह', 'वं', 'य']);
    const text = 'मला काहीतरी प्यायला हवंय.';
    expect(tokenizer.encode(text)).not.toContain(UNK_ID);
    expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
  });

  it('keeps accents, in either normal form, and emoji sequences whole', () => {
    expect(tokenizer.tokenize('está')).toEqual(['e', 's', 't', 'á']);
    expect(tokenizer.tokenize('esta\u0301')).toEqual(['e', 's', 't', 'á']);
    expect(tokenizer.tokenize('👍🏽👨‍👩‍👧🇩🇪')).toEqual(['👍🏽', '👨‍👩‍👧', '🇩🇪']);
  });

  it('round-trips Spanish and German text exactly', () => {
    for (const text of [
      '¿Dónde está la estación?',
      'Sie sagte: „Grüße aus München“ und lächelte.',
    ]) {
      expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
    }
  });

  it('round-trips arbitrary in-vocabulary text', () => {
    const content = fc.array(
      fc.integer({ min: tokenizer.vocab.specialCount, max: tokenizer.vocab.size - 1 }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(content, (ids) => {
        const text = tokenizer.decode(ids);
        const normalized = tokenizer.normalize(text);
        expect(tokenizer.decode(tokenizer.encode(normalized))).toBe(normalized);
      }),
    );
  });

  it('never throws on arbitrary Unicode and round-trips through JSON', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(typeof tokenizer.decode(tokenizer.encode(text))).toBe('string');
      }),
    );
    const copy = CharTokenizer.fromJSON(JSON.parse(JSON.stringify(tokenizer.toJSON())));
    expect(copy.toJSON()).toEqual(tokenizer.toJSON());
  });
});
