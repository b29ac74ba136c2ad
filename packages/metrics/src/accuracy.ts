import { MetricsError } from './errors';

/** Token ids: one flat sequence, or a batch of sequences (`number[][]` from `arraySync()`). */
export type TokenIds = ArrayLike<number> | readonly ArrayLike<number>[];

export interface AccuracyOptions {
  /** Target id that is not scored (padding). Defaults to 0, heed's PAD id; `null` scores every position. */
  ignoreId?: number | null;
}

export interface TokenAccuracy {
  /** correct / total, or 0 when nothing was scored. */
  accuracy: number;
  correct: number;
  /** Number of scored (non-ignored) target positions. */
  total: number;
}

function rows(owner: string, field: string, ids: TokenIds): ArrayLike<number>[] {
  if (ids.length > 0 && typeof ids[0] !== 'number')
    return Array.from(ids as readonly ArrayLike<number>[]);
  if (ids.length === 0 || typeof ids[0] === 'number') return [ids as ArrayLike<number>];
  throw new MetricsError(`${owner}: ${field} must hold numbers or arrays of numbers`);
}

function pairedRows(
  owner: string,
  predictions: TokenIds,
  targets: TokenIds,
): [ArrayLike<number>, ArrayLike<number>][] {
  const p = rows(owner, 'predictions', predictions);
  const t = rows(owner, 'targets', targets);
  if (p.length !== t.length) {
    throw new MetricsError(
      `${owner}: predictions and targets must have the same number of rows. Received: ${p.length} and ${t.length}`,
    );
  }
  return p.map((row, i) => {
    const target = t[i] as ArrayLike<number>;
    if (row.length !== target.length) {
      throw new MetricsError(
        `${owner}: row ${i} of predictions and targets must have the same length. Received: ${row.length} and ${target.length}`,
      );
    }
    return [row, target];
  });
}

/**
 * Fraction of target tokens predicted exactly, skipping positions whose
 * target is `ignoreId` (padding).
 *
 * @param predictions Predicted ids, `[T]` or `[b, T]` (e.g. argmax of logits).
 * @param targets Gold ids of the same shape.
 */
export function tokenAccuracy(
  predictions: TokenIds,
  targets: TokenIds,
  options: AccuracyOptions = {},
): TokenAccuracy {
  const ignoreId = options.ignoreId === undefined ? 0 : options.ignoreId;
  let correct = 0;
  let total = 0;
  for (const [row, target] of pairedRows('tokenAccuracy', predictions, targets)) {
    for (let j = 0; j < target.length; j++) {
      if (target[j] === ignoreId) continue;
      total++;
      if (row[j] === target[j]) correct++;
    }
  }
  return { accuracy: total === 0 ? 0 : correct / total, correct, total };
}

/**
 * Fraction of sequences whose every scored token is right (exact match),
 * skipping `ignoreId` target positions.
 *
 * @param predictions `[b, T]` predicted ids.
 * @param targets `[b, T]` gold ids.
 */
export function sequenceAccuracy(
  predictions: TokenIds,
  targets: TokenIds,
  options: AccuracyOptions = {},
): TokenAccuracy {
  const ignoreId = options.ignoreId === undefined ? 0 : options.ignoreId;
  let correct = 0;
  let total = 0;
  for (const [row, target] of pairedRows('sequenceAccuracy', predictions, targets)) {
    total++;
    let right = true;
    for (let j = 0; j < target.length && right; j++) {
      if (target[j] !== ignoreId && row[j] !== target[j]) right = false;
    }
    if (right) correct++;
  }
  return { accuracy: total === 0 ? 0 : correct / total, correct, total };
}
