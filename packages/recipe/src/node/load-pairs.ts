import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { loadBuiltinCorpus, readMoses, readTsv, type SentencePair } from '@heed/data/node';
import { type DataSource, describeDataSource } from '../data/data-source';
import { RecipeError } from '../errors';

/** Options of `loadPairs`. */
export interface LoadPairsOptions {
  /** Swap source and target. Defaults to false. */
  reverse?: boolean;
  /** Pairs generated for a built-in corpus. Defaults to the corpus's own size. */
  corpusSize?: number;
  /** Seed of a built-in corpus's generator. Defaults to 0. */
  seed?: number;
}

/**
 * Reads every pair of a data source into memory. Files are checked first, so
 * a missing or unreadable one is a one-line error naming it; a malformed line
 * is a `CorpusError` naming the file and line (`deu.txt:17: missing tab …`).
 */
export async function loadPairs(
  source: DataSource,
  options: LoadPairsOptions = {},
): Promise<SentencePair[]> {
  const reverse = options.reverse ?? false;
  let pairs: SentencePair[];
  switch (source.kind) {
    case 'builtin': {
      pairs = loadBuiltinCorpus(source.name, {
        ...(options.corpusSize === undefined ? {} : { size: options.corpusSize }),
        seed: options.seed ?? 0,
      }).pairs;
      return reverse ? pairs.map(swap) : pairs;
    }
    case 'tsv':
      await assertReadableFile(source.path);
      pairs = await readTsv(source.path, { reverse }).toArray();
      break;
    case 'moses':
      await assertReadableFile(source.source);
      await assertReadableFile(source.target);
      pairs = await readMoses(source.source, source.target).toArray();
      if (reverse) pairs = pairs.map(swap);
      break;
  }
  if (pairs.length === 0) {
    throw new RecipeError(`${describeDataSource(source)}: the corpus holds no sentence pairs`);
  }
  return pairs;
}

function swap(pair: SentencePair): SentencePair {
  return { source: pair.target, target: pair.source };
}

/** Throws a one-line `RecipeError` unless `path` is a readable regular file. */
export async function assertReadableFile(path: string): Promise<void> {
  let isFile: boolean;
  try {
    isFile = (await stat(path)).isFile();
    await access(path, constants.R_OK);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : (error as Error).message;
    throw new RecipeError(`${path}: cannot read (${reason})`, { cause: error });
  }
  if (!isFile) throw new RecipeError(`${path}: cannot read (not a regular file)`);
}
