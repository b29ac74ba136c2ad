// The corpora the side-by-side benchmarks (timebox.ts, train-speed.ts) run on:
// the heed-nmt data flags a user would type for each, and its test pairs.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SentencePair } from '@heed/data';
import type { PreparedData, RecipeConfig } from '@heed/recipe';
import { loadPairs } from '@heed/recipe/node';

/** A corpus: what heed-nmt is told about the data, and which pairs make the test set. */
export interface BenchCorpus {
  description: string;
  /** heed-nmt's data settings (`--src … --tgt …`, `--data builtin:…`). */
  heed: () => Partial<RecipeConfig>;
  /** The test pairs, given the prepared data (its test split, or separate files). */
  test: (data: PreparedData) => readonly SentencePair[] | Promise<readonly SentencePair[]>;
}

const MULTI30K = fileURLToPath(new URL('../../../../shared/data/multi30k/', import.meta.url));

/** `<repository>/../shared/data/multi30k/<name>`, or an error naming the missing file. */
export function multi30k(name: string): string {
  const file = join(MULTI30K, name);
  if (!existsSync(file)) throw new Error(`Multi30k: ${file} is missing`);
  return file;
}

export const CORPORA: Record<string, BenchCorpus> = {
  multi30k: {
    description: 'Multi30k de→en (29,000 train, val, test_2016_flickr)',
    heed: () => ({
      src: multi30k('train.de.gz'),
      tgt: multi30k('train.en.gz'),
      validSrc: multi30k('val.de.gz'),
      validTgt: multi30k('val.en.gz'),
      // The test set is its own file: no test share is cut from the training data.
      testShare: 0,
    }),
    test: () =>
      loadPairs({
        kind: 'moses',
        source: multi30k('test_2016_flickr.de.gz'),
        target: multi30k('test_2016_flickr.en.gz'),
      }),
  },
  'en-es-grammar': {
    description: 'built-in en-es-grammar (its test split)',
    heed: () => ({ data: 'builtin:en-es-grammar' }),
    test: (data) => data.splits.test,
  },
  dates: {
    description: 'built-in dates (its test split)',
    heed: () => ({ data: 'builtin:dates' }),
    test: (data) => data.splits.test,
  },
};
