import { assertKnownKeys, assertNonNegativeInteger, HeedError, invalidArgument } from '@heed/core';
import type { Corpus, SentencePair } from '../types';
import { DATES_MAX_SIZE, generateDates } from './dates';
import { generateEnEsGrammar } from './en-es-grammar/index';
import { phrasebookPairs } from './phrasebook';

/** Names accepted by `loadBuiltinCorpus`. */
export type BuiltinCorpusName = 'dates' | 'en-es-grammar' | 'phrasebook';

export interface BuiltinCorpusOptions {
  /**
   * Number of pairs. Defaults to 10000 for `dates`, 20000 for `en-es-grammar`
   * and every pair (in a seeded order) for `phrasebook`.
   */
  size?: number;
  /** Seed of the generator (and of the phrasebook's order). Defaults to 0. */
  seed?: number;
}

interface BuiltinCorpus {
  defaultSize: () => number;
  maxSize: () => number;
  generate: (size: number, seed: number) => SentencePair[];
}

const BUILTIN: Readonly<Record<BuiltinCorpusName, BuiltinCorpus>> = {
  dates: { defaultSize: () => 10_000, maxSize: () => DATES_MAX_SIZE, generate: generateDates },
  'en-es-grammar': {
    defaultSize: () => 20_000,
    maxSize: () => 1_000_000,
    generate: generateEnEsGrammar,
  },
  phrasebook: {
    defaultSize: () => phrasebookPairs(0).length,
    maxSize: () => phrasebookPairs(0).length,
    generate: (size, seed) => phrasebookPairs(seed).slice(0, size),
  },
};

/** The names of the corpora that ship with the package (no download needed). */
export function builtinCorpusNames(): BuiltinCorpusName[] {
  return Object.keys(BUILTIN) as BuiltinCorpusName[];
}

/**
 * Builds a built-in corpus in memory, deterministically for a given seed:
 *
 * - `dates`: human-written dates in ~25 formats ("Tue, 3 May 2021",
 *   "the 3rd of May, 2021", "5/3/21") → ISO `2021-05-03`;
 * - `en-es-grammar`: synthetic English → Spanish sentences (3 to 50+ tokens)
 *   whose Spanish is a function of the English;
 * - `phrasebook`: everyday English–Spanish sentence pairs written by hand.
 *
 * Every source sentence in a corpus is distinct.
 */
export function loadBuiltinCorpus(
  name: BuiltinCorpusName,
  options: BuiltinCorpusOptions = {},
): Corpus {
  assertKnownKeys('loadBuiltinCorpus', options, ['size', 'seed']);
  const corpus = BUILTIN[name];
  if (!corpus) {
    throw new HeedError(
      `loadBuiltinCorpus: unknown corpus '${name}'. Built-in corpora: ${builtinCorpusNames().join(', ')}`,
    );
  }
  const size = assertNonNegativeInteger(
    'loadBuiltinCorpus',
    'size',
    options.size ?? corpus.defaultSize(),
  );
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) {
    throw invalidArgument('loadBuiltinCorpus', 'seed', 'must be an integer', seed);
  }
  if (size > corpus.maxSize()) {
    throw invalidArgument(
      'loadBuiltinCorpus',
      'size',
      `must be at most ${corpus.maxSize()} for '${name}'`,
      size,
    );
  }
  return { name, pairs: corpus.generate(size, seed) };
}
