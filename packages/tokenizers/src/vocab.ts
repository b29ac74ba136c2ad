import { TokenizerError } from './errors';
import { SPECIAL_TOKENS, UNK_ID } from './special-tokens';
import {
  assertKnownKeys,
  assertNonNegativeInteger,
  assertObject,
  assertPositiveInteger,
  formatValue,
  invalidArgument,
} from './validation';

/** The `format` tag of a serialised vocabulary. */
export const VOCAB_FORMAT = 'heed-vocab';
/** The vocabulary JSON version this build writes and reads. */
export const VOCAB_FORMAT_VERSION = 1;

/** A vocabulary as JSON (`Vocab#toJSON`). */
export interface VocabJSON {
  format: typeof VOCAB_FORMAT;
  version: typeof VOCAB_FORMAT_VERSION;
  /** Every token in id order; the first `specialCount` are the special tokens. */
  tokens: string[];
  /** The training count of every token, in id order (0 for special tokens). */
  counts: number[];
  /** How many leading tokens are special: the fixed four plus any extra ones. */
  specialCount: number;
}

/** How `Vocab.fromCounts` selects and orders tokens. */
export interface VocabOptions {
  /** Tokens counted fewer times are left out. Defaults to 1. */
  minFrequency?: number;
  /** The largest vocabulary size, special tokens included; the rarest tokens are cut. Defaults to no limit. */
  maxSize?: number;
  /**
   * Extra special tokens, given ids 4, 5, … right after `<pad>`, `<s>`, `</s>`, `<unk>`
   * (e.g. `['<sep>', '<2de>']`). They are control tokens: never produced from text,
   * only added as ids. Defaults to `[]`.
   */
  specialTokens?: readonly string[];
}

const VOCAB_OPTION_KEYS = ['minFrequency', 'maxSize', 'specialTokens'] as const;
const VOCAB_JSON_KEYS = ['format', 'version', 'tokens', 'counts', 'specialCount'] as const;

/**
 * A token ↔ id map with fixed special ids (`<pad>` 0, `<s>` 1, `</s>` 2, `<unk>` 3,
 * then any extra special tokens) and the remaining ids in descending order of
 * training count, so `counts` (in id order) is what a frequency-sorted candidate
 * sampler (log-uniform sampled softmax) needs. Ties keep the order in which the
 * tokens were given (first seen first). Lookups go through a `Map`, so tokens
 * spelled `__proto__` or `constructor` are ordinary tokens.
 */
export class Vocab {
  /** Every token in id order (frozen). */
  readonly tokens: readonly string[];
  /** Every token's training count in id order (frozen); special tokens have 0. */
  readonly counts: readonly number[];
  /** How many leading ids are special tokens (4 plus the extra ones). */
  readonly specialCount: number;
  private readonly ids: Map<string, number>;

  private constructor(tokens: string[], counts: number[], specialCount: number) {
    this.tokens = Object.freeze(tokens);
    this.counts = Object.freeze(counts);
    this.specialCount = specialCount;
    this.ids = new Map(tokens.map((token, id) => [token, id]));
  }

  /**
   * Builds a vocabulary from token counts: special tokens first, then every token
   * counted at least `minFrequency` times, most frequent first (ties keep input order),
   * cut to `maxSize`. A token spelled like a special token is left out.
   *
   * ```ts
   * const vocab = Vocab.fromCounts(new Map([['la', 5], ['casa', 2]]));
   * vocab.id('la'); // 4
   * ```
   */
  static fromCounts(
    counts: Iterable<readonly [string, number]>,
    options: VocabOptions = {},
  ): Vocab {
    const owner = 'Vocab.fromCounts';
    assertObject(owner, 'options', options);
    assertKnownKeys(owner, options, VOCAB_OPTION_KEYS);
    const minFrequency = assertNonNegativeInteger(owner, 'minFrequency', options.minFrequency ?? 1);
    const specials = validateSpecialTokens(owner, options.specialTokens ?? []);
    const maxSize =
      options.maxSize === undefined
        ? Number.POSITIVE_INFINITY
        : assertPositiveInteger(owner, 'maxSize', options.maxSize);
    if (maxSize < specials.length) {
      throw invalidArgument(
        owner,
        'maxSize',
        `must leave room for the ${specials.length} special tokens`,
        maxSize,
      );
    }
    const reserved = new Set(specials);
    const seen = new Set<string>();
    const entries: [string, number][] = [];
    for (const entry of counts) {
      const [token, count] = entry;
      if (typeof token !== 'string' || token.length === 0) {
        throw invalidArgument(owner, 'token', 'must be a non-empty string', token);
      }
      if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) {
        throw new TokenizerError(
          `${owner}: the count of ${formatValue(token)} must be a finite number ≥ 0. Received: ${formatValue(count)}`,
        );
      }
      if (seen.has(token)) {
        throw new TokenizerError(`${owner}: token ${formatValue(token)} is given twice`);
      }
      seen.add(token);
      if (!reserved.has(token) && count >= minFrequency) entries.push([token, count]);
    }
    entries.sort((a, b) => b[1] - a[1]); // stable: ties keep input order
    const kept = entries.slice(0, maxSize - specials.length);
    return new Vocab(
      [...specials, ...kept.map(([token]) => token)],
      [...specials.map(() => 0), ...kept.map(([, count]) => count)],
      specials.length,
    );
  }

  /** Rebuilds a vocabulary from `toJSON()` output, checking every field. */
  static fromJSON(json: unknown): Vocab {
    const owner = 'Vocab.fromJSON';
    const object = assertObject(owner, 'json', json);
    if (object.format !== VOCAB_FORMAT) {
      throw invalidArgument(owner, 'format', `must be '${VOCAB_FORMAT}'`, object.format);
    }
    if (object.version !== VOCAB_FORMAT_VERSION) {
      throw new TokenizerError(
        `${owner}: unsupported vocabulary format version ${formatValue(object.version)}; ` +
          `this version of @heed/tokenizers reads version ${VOCAB_FORMAT_VERSION}`,
      );
    }
    assertKnownKeys(owner, object, VOCAB_JSON_KEYS);
    const { tokens, counts } = object;
    if (!Array.isArray(tokens) || !Array.isArray(counts) || tokens.length !== counts.length) {
      throw new TokenizerError(`${owner}: tokens and counts must be arrays of the same length`);
    }
    const specialCount = assertPositiveInteger(owner, 'specialCount', object.specialCount);
    if (specialCount < SPECIAL_TOKENS.length || specialCount > tokens.length) {
      throw invalidArgument(
        owner,
        'specialCount',
        `must be in [${SPECIAL_TOKENS.length}, ${tokens.length}]`,
        specialCount,
      );
    }
    validateSpecialTokens(owner, tokens.slice(SPECIAL_TOKENS.length, specialCount));
    const seen = new Set<string>();
    for (const [id, token] of tokens.entries()) {
      if (typeof token !== 'string' || token.length === 0) {
        throw invalidArgument(owner, `tokens[${id}]`, 'must be a non-empty string', token);
      }
      if (id < SPECIAL_TOKENS.length && token !== SPECIAL_TOKENS[id]) {
        throw invalidArgument(owner, `tokens[${id}]`, `must be '${SPECIAL_TOKENS[id]}'`, token);
      }
      if (seen.has(token)) {
        throw new TokenizerError(`${owner}: token ${formatValue(token)} appears twice (id ${id})`);
      }
      seen.add(token);
      const count = counts[id];
      if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) {
        throw invalidArgument(owner, `counts[${id}]`, 'must be a finite number ≥ 0', count);
      }
      const previous = counts[id - 1] as number;
      if (id > specialCount && count > previous) {
        throw new TokenizerError(
          `${owner}: counts must not increase after the special tokens (ids sorted by frequency). ` +
            `Received: counts[${id - 1}]=${previous}, counts[${id}]=${count}`,
        );
      }
    }
    return new Vocab([...(tokens as string[])], [...(counts as number[])], specialCount);
  }

  /** Number of tokens, special tokens included. */
  get size(): number {
    return this.tokens.length;
  }

  /** The id of `token`, or `UNK_ID` (3) when it is not in the vocabulary. */
  id(token: string): number {
    return this.ids.get(token) ?? UNK_ID;
  }

  /** The id of `token`, or `undefined` when it is not in the vocabulary. */
  find(token: string): number | undefined {
    return this.ids.get(token);
  }

  /** True when `token` is in the vocabulary. */
  has(token: string): boolean {
    return this.ids.has(token);
  }

  /** The token with id `id`; throws for an id outside `[0, size)`. */
  token(id: number): string {
    this.assertId('Vocab.token', 'id', id);
    return this.tokens[id]!;
  }

  /** The training count of token `id`; throws for an id outside `[0, size)`. */
  count(id: number): number {
    this.assertId('Vocab.count', 'id', id);
    return this.counts[id]!;
  }

  /** True for the special ids: 0–3 and the extra special tokens. */
  isSpecial(id: number): boolean {
    return id >= 0 && id < this.specialCount;
  }

  /** Throws a `TokenizerError` naming `field` unless `id` is an integer in `[0, size)`. */
  assertId(owner: string, field: string, id: unknown): asserts id is number {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= this.tokens.length) {
      throw new TokenizerError(
        `${owner}: ${field}=${formatValue(id)} is not a token id; ` +
          `the vocabulary has ${this.tokens.length} tokens (ids 0–${this.tokens.length - 1})`,
      );
    }
  }

  /** The vocabulary as plain JSON (`Vocab.fromJSON` reads it back). */
  toJSON(): VocabJSON {
    return {
      format: VOCAB_FORMAT,
      version: VOCAB_FORMAT_VERSION,
      tokens: [...this.tokens],
      counts: [...this.counts],
      specialCount: this.specialCount,
    };
  }
}

/** Checks extra special tokens and returns the full special list (fixed four first). */
function validateSpecialTokens(owner: string, extra: unknown): string[] {
  if (!Array.isArray(extra)) {
    throw invalidArgument(owner, 'specialTokens', 'must be an array of strings', extra);
  }
  const all = [...SPECIAL_TOKENS];
  for (const [index, token] of extra.entries()) {
    if (typeof token !== 'string' || token.length === 0) {
      throw invalidArgument(owner, `specialTokens[${index}]`, 'must be a non-empty string', token);
    }
    if (all.includes(token)) {
      throw new TokenizerError(
        `${owner}: special token ${formatValue(token)} is given twice or repeats a fixed one (${SPECIAL_TOKENS.join(', ')})`,
      );
    }
    all.push(token);
  }
  return all;
}
