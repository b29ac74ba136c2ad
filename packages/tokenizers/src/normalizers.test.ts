import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText } from '../test/corpus';
import { TokenizerError } from './errors';
import { createNormalizer, NORMALIZER_STEPS, type NormalizerStep } from './normalizers';

describe('createNormalizer', () => {
  it('defaults to NFC and whitespace collapsing', () => {
    const normalizer = createNormalizer();
    expect(normalizer.steps).toEqual(['nfc', 'collapse-whitespace']);
    // 'e' + U+0301 composes to 'é'; tabs, newlines and no-break spaces collapse.
    expect(normalizer.normalize('  Caf\u0065\u0301\t\n la\u00A0 casa  ')).toBe('Café la casa');
  });

  it('applies NFKC, lowercase and accent stripping in order', () => {
    const normalizer = createNormalizer([
      'nfkc',
      'lowercase',
      'strip-accents',
      'collapse-whitespace',
    ]);
    expect(normalizer.normalize('  ¿Dónde   ESTÁ la ESTACIÓN? ')).toBe('¿donde esta la estacion?');
    expect(normalizer.normalize('ﬁnal Ａ²')).toBe('final a2');
    expect(normalizer.normalize('Grüße aus München')).toBe('gruße aus munchen');
  });

  it('keeps Devanagari matras, viramas and anusvaras when stripping accents', () => {
    const text = 'मला काहीतरी प्यायला हवंय.';
    expect(createNormalizer(['strip-accents']).normalize(text)).toBe(text.normalize('NFC'));
  });

  it('separates punctuation as the word splitter does', () => {
    const normalizer = createNormalizer(['separate-punctuation']);
    expect(normalizer.normalize('¿Dónde está?¡Ya!')).toBe('¿ Dónde está ? ¡ Ya !');
    expect(normalizer.normalize("I don't know.")).toBe("I don't know .");
  });

  it('splits or replaces digits of any script', () => {
    expect(createNormalizer(['split-digits']).normalize('in 1990s, ५० km')).toBe(
      'in 1 9 9 0 s, ५ ० km',
    );
    expect(createNormalizer(['replace-digits']).normalize('1990 और ५०')).toBe('0000 और 00');
  });

  it('replaces lone surrogates with U+FFFD', () => {
    expect(createNormalizer([]).normalize('a\uD800b\uDC00')).toBe('a\uFFFDb\uFFFD');
    expect(createNormalizer([]).normalize('😀')).toBe('😀');
  });

  it('rejects unknown steps with the step and its position', () => {
    expect(() => createNormalizer(['nfc', 'nfd' as NormalizerStep])).toThrow(
      /unknown normalizer step "nfd" at normalizer\[1\]/,
    );
    expect(() => createNormalizer('nfc' as unknown as NormalizerStep[])).toThrow(TokenizerError);
  });

  it('never throws, and each step is idempotent', () => {
    fc.assert(
      fc.property(anyText, fc.subarray([...NORMALIZER_STEPS]), (text, steps) => {
        expect(typeof createNormalizer(steps).normalize(text)).toBe('string');
        for (const step of steps) {
          const single = createNormalizer([step]);
          const once = single.normalize(text);
          expect(single.normalize(once)).toBe(once);
        }
      }),
    );
  });
});
