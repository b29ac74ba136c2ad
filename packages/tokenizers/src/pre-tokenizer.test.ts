import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText } from '../test/corpus';
import { splitWords } from './pre-tokenizer';

describe('splitWords', () => {
  it('splits Spanish, keeping accents in words and ¿ ¡ as tokens', () => {
    expect(splitWords('¿Dónde está la estación?')).toEqual([
      '¿',
      'Dónde',
      'está',
      'la',
      'estación',
      '?',
    ]);
    expect(splitWords('¡Qué día!')).toEqual(['¡', 'Qué', 'día', '!']);
  });

  it('keeps Devanagari matras, viramas and anusvaras inside Marathi words', () => {
    expect(splitWords('मला काहीतरी प्यायला हवंय.')).toEqual(['मला', 'काहीतरी', 'प्यायला', 'हवंय', '.']);
    expect(splitWords('मी घरी जात आहे।')).toEqual(['मी', 'घरी', 'जात', 'आहे', '।']);
  });

  it('keeps German umlauts and ß and separates German quotes', () => {
    expect(splitWords('Sie sagte: „Grüße aus München“.')).toEqual([
      'Sie',
      'sagte',
      ':',
      '„',
      'Grüße',
      'aus',
      'München',
      '“',
      '.',
    ]);
  });

  it('keeps an apostrophe between word characters and splits it elsewhere', () => {
    expect(splitWords("don't l'homme rock'n'roll hab’s")).toEqual([
      "don't",
      "l'homme",
      "rock'n'roll",
      'hab’s',
    ]);
    expect(splitWords("'quoted' dogs' toys")).toEqual(["'", 'quoted', "'", 'dogs', "'", 'toys']);
  });

  it('keeps grapheme clusters of symbols whole', () => {
    expect(splitWords('ok 👍🏽👨‍👩‍👧!? 🇩🇪')).toEqual(['ok', '👍🏽', '👨‍👩‍👧', '!', '?', '🇩🇪']);
  });

  it('drops whitespace and returns nothing for empty text', () => {
    expect(splitWords(' \t\n ')).toEqual([]);
    expect(splitWords('')).toEqual([]);
  });

  it('never throws, returns no empty or space-holding tokens, and loses no non-space character', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const tokens = splitWords(text);
        for (const token of tokens) {
          expect(token.length).toBeGreaterThan(0);
          expect(/\s/u.test(token)).toBe(false);
        }
        expect(tokens.join('')).toBe(text.replace(/\s/gu, ''));
      }),
    );
  });
});
