import { TokenizerError } from './errors';
import { BOS_ID, EOS_ID, PAD_ID } from './special-tokens';
import {
  assertBoolean,
  assertKnownKeys,
  assertObject,
  assertOneOf,
  assertPositiveInteger,
  invalidArgument,
} from './validation';

/** Options of `encodeBatch`. */
export interface EncodeBatchOptions {
  /** Prepend `<s>` (BOS, id 1) to every row. Defaults to false. */
  addBos?: boolean;
  /** Append `</s>` (EOS, id 2) to every row. Defaults to false. */
  addEos?: boolean;
  /**
   * The most tokens a row may hold, BOS and EOS included; longer rows are cut as
   * `truncation` says. Defaults to no limit.
   */
  maxLength?: number;
  /**
   * How a row longer than `maxLength` is cut: `'end'` keeps its first tokens, `'start'`
   * keeps its last ones, `'error'` throws. BOS and EOS are always kept. Defaults to `'end'`.
   */
  truncation?: 'end' | 'start' | 'error';
  /**
   * The padded length T: `'longest'` (the longest row after truncation) or a fixed number
   * (an error if a row is longer — set `maxLength` to truncate). Defaults to `'longest'`.
   */
  padTo?: 'longest' | number;
}

/**
 * A padded batch of token ids.
 *
 * Layout: `ids` is row-major `[b, T]` — token t of row i is `ids[i * T + t]`; each row
 * holds `lengths[i]` real tokens (BOS/EOS included) followed by PAD (0). It is an
 * `Int32Array`, so `tf.tensor2d(batch.ids, batch.shape, 'int32')` takes it without a copy
 * of types, and `lengths` feeds masks and `srcLengths` directly.
 */
export interface EncodedBatch {
  /** `[b, T]` token ids, row-major, PAD (0) after each row's end. */
  ids: Int32Array;
  /** `[b, T]`. */
  shape: [number, number];
  /** `[b]` real tokens per row, BOS/EOS included. */
  lengths: Int32Array;
}

const BATCH_OPTION_KEYS = ['addBos', 'addEos', 'maxLength', 'truncation', 'padTo'] as const;

/** The checked options of one `encodeBatch` call. */
export interface BatchPlan {
  addBos: boolean;
  addEos: boolean;
  maxLength: number;
  truncation: 'end' | 'start' | 'error';
  padTo: 'longest' | number;
}

/** Validates `encodeBatch` options and fills in the defaults. */
export function planBatch(owner: string, options: EncodeBatchOptions): BatchPlan {
  assertObject(owner, 'options', options);
  assertKnownKeys(owner, options, BATCH_OPTION_KEYS);
  const addBos = assertBoolean(owner, 'addBos', options.addBos ?? false);
  const addEos = assertBoolean(owner, 'addEos', options.addEos ?? false);
  const truncation = assertOneOf(owner, 'truncation', options.truncation ?? 'end', [
    'end',
    'start',
    'error',
  ]);
  const maxLength =
    options.maxLength === undefined
      ? Number.POSITIVE_INFINITY
      : assertPositiveInteger(owner, 'maxLength', options.maxLength);
  const specials = Number(addBos) + Number(addEos);
  if (maxLength < specials) {
    throw invalidArgument(
      owner,
      'maxLength',
      `must leave room for BOS and EOS (${specials})`,
      maxLength,
    );
  }
  const padTo = options.padTo ?? 'longest';
  if (padTo !== 'longest') {
    if (typeof padTo !== 'number' || !Number.isInteger(padTo) || padTo < 0) {
      throw invalidArgument(owner, 'padTo', "must be 'longest' or a non-negative integer", padTo);
    }
  }
  return { addBos, addEos, maxLength, truncation, padTo };
}

/** Adds BOS/EOS to one row of content ids and truncates it as `plan` says. */
export function finishRow(
  owner: string,
  content: readonly number[],
  plan: BatchPlan,
  index: number,
): number[] {
  const room = plan.maxLength - Number(plan.addBos) - Number(plan.addEos);
  let kept = content;
  if (content.length > room) {
    if (plan.truncation === 'error') {
      throw new TokenizerError(
        `${owner}: row ${index} has ${content.length} tokens before BOS/EOS, more than maxLength=${plan.maxLength} allows, and truncation='error'`,
      );
    }
    kept =
      plan.truncation === 'end' ? content.slice(0, room) : content.slice(content.length - room);
  }
  const row = plan.addBos ? [BOS_ID] : [];
  for (const id of kept) row.push(id);
  if (plan.addEos) row.push(EOS_ID);
  return row;
}

/** Packs finished rows into a PAD-filled row-major `[b, T]` Int32Array. */
export function padRows(owner: string, rows: readonly number[][], plan: BatchPlan): EncodedBatch {
  const longest = rows.reduce((max, row) => Math.max(max, row.length), 0);
  let width = longest;
  if (plan.padTo !== 'longest') {
    if (longest > plan.padTo) {
      const row = rows.findIndex((r) => r.length === longest);
      throw new TokenizerError(
        `${owner}: padTo=${plan.padTo} is shorter than row ${row} (${longest} tokens); set maxLength to truncate`,
      );
    }
    width = plan.padTo;
  }
  const ids = new Int32Array(rows.length * width).fill(PAD_ID); // [b, T]
  const lengths = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    ids.set(row, i * width);
    lengths[i] = row.length;
  });
  return { ids, shape: [rows.length, width], lengths };
}
