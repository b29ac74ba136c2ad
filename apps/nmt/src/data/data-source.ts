import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import {
  type BuiltinCorpusName,
  builtinCorpusNames,
  loadBuiltinCorpus,
  readMoses,
  readTsv,
  type SentencePair,
} from '@heed/data/node';
import type { NmtConfig } from '../config/nmt-config';
import { NmtError } from '../errors';

/** Where sentence pairs come from. */
export type DataSource =
  /** A corpus that ships with @heed/data, generated in memory. */
  | { kind: 'builtin'; name: BuiltinCorpusName }
  /** An anki/Tatoeba file: `english<TAB>other[<TAB>attribution]` per line. */
  | { kind: 'tsv'; path: string }
  /** Two line-aligned files, plain or gzipped. */
  | { kind: 'moses'; source: string; target: string };

const BUILTIN_PREFIX = 'builtin:';

/**
 * Parses a `--data` value: `builtin:<name>` (dates, en-es-grammar,
 * phrasebook) or the path of an anki-style TSV file.
 */
export function parseDataOption(value: string): DataSource {
  if (value.startsWith(BUILTIN_PREFIX)) {
    const name = value.slice(BUILTIN_PREFIX.length);
    const known = builtinCorpusNames();
    if (!(known as string[]).includes(name)) {
      throw new NmtError(
        `--data: unknown built-in corpus '${name}'. Built-in corpora: ${known.map((n) => BUILTIN_PREFIX + n).join(', ')}`,
      );
    }
    return { kind: 'builtin', name: name as BuiltinCorpusName };
  }
  if (value.trim() === '') throw new NmtError('--data must not be empty');
  return { kind: 'tsv', path: value };
}

/** The training data a config names (`data`, or `src` + `tgt`). */
export function dataSourceFromConfig(config: Pick<NmtConfig, 'data' | 'src' | 'tgt'>): DataSource {
  if (config.src !== undefined && config.tgt !== undefined) {
    return { kind: 'moses', source: config.src, target: config.tgt };
  }
  if (config.data !== undefined) return parseDataOption(config.data);
  throw new NmtError(
    'no training data: give --data builtin:dates|builtin:en-es-grammar|builtin:phrasebook, --data <anki.tsv>, or --src <file> --tgt <file>',
  );
}

/** `builtin:dates`, `deu.txt`, `train.de.gz + train.en.gz`. */
export function describeDataSource(source: DataSource): string {
  switch (source.kind) {
    case 'builtin':
      return BUILTIN_PREFIX + source.name;
    case 'tsv':
      return source.path;
    case 'moses':
      return `${source.source} + ${source.target}`;
  }
}

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
    throw new NmtError(`${describeDataSource(source)}: the corpus holds no sentence pairs`);
  }
  return pairs;
}

function swap(pair: SentencePair): SentencePair {
  return { source: pair.target, target: pair.source };
}

/** Throws a one-line `NmtError` unless `path` is a readable regular file. */
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
    throw new NmtError(`${path}: cannot read (${reason})`, { cause: error });
  }
  if (!isFile) throw new NmtError(`${path}: cannot read (not a regular file)`);
}
