import fc from 'fast-check';

/** A small multilingual corpus for tests: Spanish, Marathi, German, English, Hebrew, Arabic, emoji. */
export const CORPUS: readonly string[] = [
  '¿Dónde está la estación?',
  '¡Qué bonito día hace hoy!',
  'La niña come una manzana (roja) en el jardín.',
  'मला काहीतरी प्यायला हवंय.',
  'मी घरी जात आहे। तू कुठे आहेस?',
  'Ein Mann mit einem orangefarbenen Hut, der etwas anstarrt.',
  'Sie sagte: „Grüße aus München“ und lächelte.',
  'Zwei junge weiße Männer sind im Freien in der Nähe vieler Büsche.',
  "I don't know, but it's 3.5 km away; really?",
  'She said "hello" to the dog\'s owner.',
  'שלום עולם, מה שלומך?',
  'مرحبا بالعالم، كيف حالك؟',
  'Great job 👍🏽 family 👨‍👩‍👧 flags 🇩🇪 🇪🇸',
];

/**
 * Characters that stress a tokenizer: Devanagari signs, RTL letters, joiners, marks,
 * emoji and their modifiers, Spanish and Devanagari punctuation, whitespace and control
 * characters, the BPE boundary marker, apostrophes, and lone surrogates.
 */
// biome-ignore format: a compact list reads better than one character per line
const TRICKY = [
  'क', 'ा', 'ि', '्', 'ं', '़', '।', 'ש', 'ׁ', 'ب', 'ً', '\u200C', '\u200D', '\u0301', '\u20E3',
  '👍', '🏽', '🇩', '\uFE0F', '¿', '¡', '«', '»', '„', '“', '"', "'", '’', ' ', '  ', '\t', '\n',
  '\r\n', '\u00A0', '\u0000', '\u0085', '\u200B', '\u2028', '\u2581', '\uD800', '\uDFFF', '\u0600',
  'ﬁ', 'Ａ', 'İ', 'ß', '٣', '५', '7', '.', ',', '?',
];

/**
 * Any code point from U+0000 to U+10FFFF, lone surrogates included (cheaper to set up
 * than fast-check's `'binary'` unit, and it also covers U+D800–U+DFFF).
 */
export const anyCodePoint = fc
  .integer({ min: 0, max: 0x10ffff })
  .map((codePoint) => String.fromCodePoint(codePoint));

/** Arbitrary text: any code point, any grapheme, or one of the tricky characters. */
export const anyText = fc.string({
  unit: fc.oneof(
    anyCodePoint,
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    fc.constantFrom(...TRICKY),
  ),
  maxLength: 40,
});
