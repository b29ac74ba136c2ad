import { BOS_ID, HeedError, PAD_ID } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Token ids of a batch: rows of ids (ragged rows are padded with PAD = 0), or
 * a padded matrix such as `@heed/tokenizers`' `EncodedBatch`
 * (`{ ids: Int32Array [b·T], shape: [b, T], lengths? }`).
 */
export type TokenRows =
  | readonly (readonly number[])[]
  | { readonly ids: ArrayLike<number>; readonly shape: readonly [number, number] };

/** One training (or validation) batch. */
export interface TrainingBatch {
  /** `[b, S]` source ids, PAD after each sentence's end. */
  source: TokenRows;
  /**
   * `[b, T]` target ids ending in EOS, without BOS, PAD after the EOS: the
   * trainer feeds `[BOS, target[0..T−2]]` and scores `target`.
   */
  target: TokenRows;
  /** Reference texts for BLEU/chrF, one per row; else the detokenized targets. */
  references?: readonly string[];
}

/** A batch as int32 tensors; dispose with `tf.dispose`. */
export interface BatchTensors {
  /** `[b, S]`. */
  source: tf.Tensor2D;
  /** `[b]`. */
  sourceLengths: tf.Tensor1D;
  /** `[b, T]`: BOS then the target shifted right. */
  targetInput: tf.Tensor2D;
  /** `[b, T]`. */
  targetOutput: tf.Tensor2D;
}

/** A batch padded into flat arrays, before it becomes tensors. */
export interface PackedBatch {
  source: Int32Array;
  sourceShape: [number, number];
  sourceLengths: Int32Array;
  targetOutput: Int32Array;
  targetShape: [number, number];
  /** Real (non-PAD) target tokens: what the loss averages over. */
  targetTokens: number;
}

/** Pads and checks a batch; `owner` names the caller in errors. */
export function packBatch(owner: string, batch: TrainingBatch): PackedBatch {
  if (typeof batch !== 'object' || batch === null) {
    throw new HeedError(`${owner}: a batch must be { source, target }. Received: ${String(batch)}`);
  }
  const source = packRows(owner, 'source', batch.source);
  const target = packRows(owner, 'target', batch.target);
  if (source.shape[0] !== target.shape[0]) {
    throw new HeedError(
      `${owner}: source and target must have the same number of rows. Received: ${source.shape[0]} and ${target.shape[0]}`,
    );
  }
  const [, T] = target.shape;
  let targetTokens = 0;
  for (let row = 0; row < target.shape[0]; row++) {
    if (target.ids[row * T] === BOS_ID) {
      throw new HeedError(
        `${owner}: target row ${row} starts with BOS (${BOS_ID}); give targets without BOS, ending in EOS — the trainer adds BOS to the decoder input`,
      );
    }
    targetTokens += target.lengths[row] ?? 0;
  }
  return {
    source: source.ids,
    sourceShape: source.shape,
    sourceLengths: source.lengths,
    targetOutput: target.ids,
    targetShape: target.shape,
    targetTokens,
  };
}

/** Creates the tensors of a packed batch. */
export function batchTensors(packed: PackedBatch): BatchTensors {
  const [b, T] = packed.targetShape;
  const input = new Int32Array(b * T);
  for (let row = 0; row < b; row++) {
    input[row * T] = BOS_ID;
    // Shifted right; where the output is PAD the input is PAD too (no dangling EOS).
    for (let t = 1; t < T; t++) {
      const output = packed.targetOutput[row * T + t];
      input[row * T + t] =
        output === PAD_ID ? PAD_ID : (packed.targetOutput[row * T + t - 1] ?? PAD_ID);
    }
  }
  return {
    source: tf.tensor2d(packed.source, packed.sourceShape, 'int32'),
    sourceLengths: tf.tensor1d(packed.sourceLengths, 'int32'),
    targetInput: tf.tensor2d(input, packed.targetShape, 'int32'),
    targetOutput: tf.tensor2d(packed.targetOutput, packed.targetShape, 'int32'),
  };
}

/** The ids of row `row` up to its end (PAD and everything after removed). */
export function rowIds(rows: TokenRows, row: number): number[] {
  if (Array.isArray(rows)) return trimPadding(rows[row] ?? []);
  const { ids, shape } = rows as Exclude<TokenRows, readonly (readonly number[])[]>;
  return trimPadding(Array.from({ length: shape[1] }, (_, t) => Number(ids[row * shape[1] + t])));
}

/** The number of rows. */
export function rowCount(rows: TokenRows): number {
  return Array.isArray(rows)
    ? rows.length
    : (rows as { shape: readonly [number, number] }).shape[0];
}

function trimPadding(ids: readonly number[]): number[] {
  let length = ids.length;
  while (length > 0 && ids[length - 1] === PAD_ID) length--;
  return ids.slice(0, length);
}

function packRows(
  owner: string,
  field: string,
  rows: TokenRows,
): { ids: Int32Array; shape: [number, number]; lengths: Int32Array } {
  if (Array.isArray(rows)) {
    const b = rows.length;
    const trimmed = rows.map((row: readonly number[]) => trimPadding(row));
    const width = Math.max(1, ...trimmed.map((row) => row.length));
    const ids = new Int32Array(b * width);
    trimmed.forEach((row, i) => {
      row.forEach((id, t) => {
        ids[i * width + t] = checkId(owner, field, id, i, t);
      });
    });
    return { ids, shape: [b, width], lengths: Int32Array.from(trimmed, (row) => row.length) };
  }
  const matrix = rows as Exclude<TokenRows, readonly (readonly number[])[]>;
  if (
    !matrix ||
    !Array.isArray(matrix.shape) ||
    matrix.ids?.length !== matrix.shape[0] * matrix.shape[1]
  ) {
    throw new HeedError(
      `${owner}: ${field} must be rows of ids or { ids, shape: [b, T] } with b·T ids`,
    );
  }
  const [b, width] = matrix.shape;
  const ids = Int32Array.from(matrix.ids, (id, index) =>
    checkId(owner, field, id, Math.floor(index / width), index % width),
  );
  const lengths = new Int32Array(b);
  for (let i = 0; i < b; i++) {
    let length = width;
    while (length > 0 && ids[i * width + length - 1] === PAD_ID) length--;
    lengths[i] = length;
  }
  return { ids, shape: [b, width], lengths };
}

function checkId(owner: string, field: string, id: number, row: number, t: number): number {
  if (!Number.isInteger(id) || id < 0) {
    throw new HeedError(
      `${owner}: ${field}[${row}][${t}] must be a token id (an integer ≥ 0). Received: ${id}`,
    );
  }
  return id;
}
