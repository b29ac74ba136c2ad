import { describe, expect, it } from 'vitest';
import { joinWords } from './detokenizer';
import { splitWords } from './pre-tokenizer';

describe('joinWords', () => {
  it.each([
    '¿Dónde está la estación?',
    '¡Qué bonito día hace hoy!',
    'La niña come una manzana (roja) en el jardín.',
    'मला काहीतरी प्यायला हवंय.',
    'मी घरी जात आहे। तू कुठे आहेस?',
    'Ein Mann mit einem Hut, der etwas anstarrt.',
    'Sie sagte: „Grüße aus München“ und lächelte.',
    'She said "hello" to the dog\'s owner.',
    "He said 'yes' twice; really?",
    'English “quotes” and «guillemets» too…',
  ])('undoes the splitting of %s', (text) => {
    expect(joinWords(splitWords(text))).toBe(text);
  });

  it('puts one space between words and none around attached punctuation', () => {
    expect(joinWords(['a', 'b', ',', 'c', '.'])).toBe('a b, c.');
    expect(joinWords(['¿', '¡', 'x', '!', '?'])).toBe('¿¡x!?');
    expect(joinWords([])).toBe('');
  });
});
