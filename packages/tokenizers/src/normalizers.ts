import { TokenizerError } from './errors';
import { splitWords } from './pre-tokenizer';
import { toWellFormed } from './unicode';

/**
 * One normalisation step. A pipeline applies its steps in the order given.
 *
 * - `nfc` / `nfkc`: Unicode normalisation form C / KC (KC also folds compatibility
 *   characters: `ﬁ` → `fi`, full-width `Ａ` → `A`, `²` → `2`).
 * - `lowercase`: `String.prototype.toLowerCase` (locale-independent).
 * - `strip-accents`: removes the generic combining diacritics (U+0300–036F, U+1AB0–1AFF,
 *   U+1DC0–1DFF, U+20D0–20FF, U+FE20–FE2F) after canonical decomposition, then recomposes
 *   (NFC): `estación` → `estacion`, `Ärger` → `Arger`. Marks that belong to a script's
 *   spelling (Devanagari matras and viramas, Arabic harakat, Hebrew points) are kept.
 * - `collapse-whitespace`: every run of whitespace (`\s`: spaces, tabs, newlines,
 *   no-break and other Unicode spaces) becomes one space; leading and trailing
 *   whitespace is removed.
 * - `separate-punctuation`: re-joins the word splitter's tokens (see `splitWords`)
 *   with single spaces, so `¿Dónde?` becomes `¿ Dónde ?`. This also collapses whitespace.
 * - `split-digits`: puts a space between a decimal digit (`\p{Nd}`, any script) and any
 *   neighbouring non-space character, so every digit becomes its own word: `1990s` → `1 9 9 0 s`.
 * - `replace-digits`: maps every decimal digit (`\p{Nd}`, any script) to `0`, so numbers share
 *   a few vocabulary entries: `1990` → `0000`.
 */
export type NormalizerStep =
  | 'nfc'
  | 'nfkc'
  | 'lowercase'
  | 'strip-accents'
  | 'collapse-whitespace'
  | 'separate-punctuation'
  | 'split-digits'
  | 'replace-digits';

/** Every normaliser step name. */
export const NORMALIZER_STEPS: readonly NormalizerStep[] = Object.freeze([
  'nfc',
  'nfkc',
  'lowercase',
  'strip-accents',
  'collapse-whitespace',
  'separate-punctuation',
  'split-digits',
  'replace-digits',
]);

/** The pipeline a tokenizer uses when none is given: `['nfc', 'collapse-whitespace']`. */
export const DEFAULT_NORMALIZER_STEPS: readonly NormalizerStep[] = Object.freeze([
  'nfc',
  'collapse-whitespace',
]);

/** A normalisation pipeline: its steps (for serialisation) and the function they make. */
export interface Normalizer {
  readonly steps: readonly NormalizerStep[];
  /** Applies the steps in order, after replacing lone surrogates with U+FFFD. */
  normalize(text: string): string;
}

const GENERIC_DIACRITICS = /[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]/gu;
const WHITESPACE_RUN = /\s+/gu;
/** Whitespace other than a space, two spaces in a row, or a space at either end. */
const NEEDS_COLLAPSE = /[^\S ]| {2}|^ | $/u;
const DIGIT_BEFORE_NON_SPACE = /(\p{Nd})(?=[^\s\p{M}])/gu;
const DIGIT_AFTER_NON_SPACE = /(?<=\S)(\p{Nd})/gu;
const DIGIT = /\p{Nd}/gu;

/** Removes generic combining diacritics, keeping script-internal marks. */
export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(GENERIC_DIACRITICS, '').normalize('NFC');
}

/** Collapses every whitespace run to one space and trims both ends. */
export function collapseWhitespace(text: string): string {
  return NEEDS_COLLAPSE.test(text) ? text.replace(WHITESPACE_RUN, ' ').trim() : text;
}

/** Puts spaces around punctuation and symbols, as the word splitter separates them. */
export function separatePunctuation(text: string): string {
  return splitWords(text).join(' ');
}

/** Separates every decimal digit from its non-space neighbours with one space. */
export function splitDigits(text: string): string {
  return text.replace(DIGIT_BEFORE_NON_SPACE, '$1 ').replace(DIGIT_AFTER_NON_SPACE, ' $1');
}

/** Maps every decimal digit of any script to `0`. */
export function replaceDigits(text: string): string {
  return text.replace(DIGIT, '0');
}

function stepFunction(step: NormalizerStep): (text: string) => string {
  switch (step) {
    case 'nfc':
      return (text) => text.normalize('NFC');
    case 'nfkc':
      return (text) => text.normalize('NFKC');
    case 'lowercase':
      return (text) => text.toLowerCase();
    case 'strip-accents':
      return stripAccents;
    case 'collapse-whitespace':
      return collapseWhitespace;
    case 'separate-punctuation':
      return separatePunctuation;
    case 'split-digits':
      return splitDigits;
    case 'replace-digits':
      return replaceDigits;
  }
}

/** Throws unless `steps` is an array of known step names; returns a frozen copy. */
export function validateNormalizerSteps(owner: string, steps: unknown): readonly NormalizerStep[] {
  if (!Array.isArray(steps)) {
    throw new TokenizerError(
      `${owner}: normalizer must be an array of step names. Received: normalizer=${JSON.stringify(steps)}`,
    );
  }
  for (const [index, step] of steps.entries()) {
    if (typeof step !== 'string' || !(NORMALIZER_STEPS as readonly string[]).includes(step)) {
      throw new TokenizerError(
        `${owner}: unknown normalizer step ${JSON.stringify(step)} at normalizer[${index}]. ` +
          `Known steps: ${NORMALIZER_STEPS.join(', ')}`,
      );
    }
  }
  return Object.freeze([...(steps as NormalizerStep[])]);
}

/**
 * Builds a normalisation pipeline from step names, applied in order.
 *
 * ```ts
 * const normalizer = createNormalizer(['nfkc', 'lowercase', 'strip-accents', 'collapse-whitespace']);
 * normalizer.normalize('  ¿Dónde   ESTÁ? '); // '¿donde esta?'
 * ```
 *
 * @param steps Defaults to `DEFAULT_NORMALIZER_STEPS` (`['nfc', 'collapse-whitespace']`).
 */
export function createNormalizer(
  steps: readonly NormalizerStep[] = DEFAULT_NORMALIZER_STEPS,
): Normalizer {
  const checked = validateNormalizerSteps('createNormalizer', steps);
  const functions = checked.map(stepFunction);
  return {
    steps: checked,
    normalize(text: string): string {
      let out = toWellFormed(text);
      for (const apply of functions) out = apply(out);
      return out;
    },
  };
}
