import { describe, expect, it } from 'vitest';
import { BLEU_TOKENIZERS, tokenize13a } from './index';

describe('tokenize13a', () => {
  // Expected outputs computed with Python's `re` and the regular expressions of
  // sacreBLEU's tokenizer_13a.py / tokenizer_re.py.
  it.each([
    ['Hello, world!', 'Hello , world !'],
    ['It costs $3.50, or 3,000 yen.', 'It costs $ 3.50 , or 3,000 yen .'],
    ['1990-2000 was a decade.', '1990 - 2000 was a decade .'],
    ['e-mail me at a@b.com/x', 'e-mail me at a @ b . com / x'],
    ['&quot;Quoted&quot; &amp; &lt;tag&gt;', '" Quoted " & < tag >'],
    ['hyphen-\nated line\nbreak', 'hyphenated line break'],
    ['<skipped> text', 'text'],
    ['He said: «bonjour» — ok…', 'He said : «bonjour» — ok…'],
    ['¿Qué tal? ¡Bien!', '¿Qué tal ? ¡Bien !'],
    ['3.', '3 .'],
    ['.5', '. 5'],
    ['U.S.A.', 'U . S . A .'],
    [
      "Mr. Smith's car (red) [new] {x} ~y^z_`w|v",
      "Mr . Smith's car ( red ) [ new ] { x } ~ y ^ z _ ` w | v",
    ],
    ['tab\there\u00a0nbsp\u2003em\u0085nel\u001cfs', 'tab here nbsp em nel fs'],
    ['\ufeffbom', '\ufeffbom'],
    ['emoji 😀. done', 'emoji 😀 . done'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(tokenize13a(input)).toBe(expected);
  });
});

describe('other BLEU tokenizers', () => {
  it('intl splits Unicode punctuation and symbols, keeping punctuation between digits', () => {
    expect(BLEU_TOKENIZERS.intl('¿Qué tal? 3,5 €')).toBe('¿ Qué tal ? 3,5 €');
  });

  it('char makes every code point a token', () => {
    expect(BLEU_TOKENIZERS.char('a😀b')).toBe('a 😀 b');
  });

  it('none leaves the line alone', () => {
    expect(BLEU_TOKENIZERS.none('a,b')).toBe('a,b');
  });
});
