import { type BuiltinCorpusName, builtinCorpusNames } from '@heed/data';
import { RecipeError } from '../errors';
import type { RecipeConfig } from '../recipe-config';

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
      throw new RecipeError(
        `--data: unknown built-in corpus '${name}'. Built-in corpora: ${known.map((n) => BUILTIN_PREFIX + n).join(', ')}`,
      );
    }
    return { kind: 'builtin', name: name as BuiltinCorpusName };
  }
  if (value.trim() === '') throw new RecipeError('--data must not be empty');
  return { kind: 'tsv', path: value };
}

/** The training data a config names (`data`, or `src` + `tgt`). */
export function dataSourceFromConfig(
  config: Pick<RecipeConfig, 'data' | 'src' | 'tgt'>,
): DataSource {
  if (config.src !== undefined && config.tgt !== undefined) {
    return { kind: 'moses', source: config.src, target: config.tgt };
  }
  if (config.data !== undefined) return parseDataOption(config.data);
  throw new RecipeError(
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
