/**
 * A block of `b` rows inside a flat array: row i starts at `base + i·stride`.
 * The fused kernels read and write batch-major `[b, T, ·]` tensors, time step
 * t's rows of a `[b, T, W]` array being `{ base: t·W, stride: T·W }`, so no
 * time-major copy or per-step slice is ever made.
 */
export interface Rows {
  readonly data: Float32Array;
  readonly base: number;
  readonly stride: number;
}

/** Rows packed one after another (`[b, width]`). */
export function denseRows(data: Float32Array, width: number): Rows {
  return { data, base: 0, stride: width };
}

/** Time step `t` of a batch-major `[b, T, width]` array, starting at column `column`. */
export function stepRows(
  data: Float32Array,
  t: number,
  steps: number,
  width: number,
  column = 0,
): Rows {
  return { data, base: t * width + column, stride: steps * width };
}

/**
 * Writes the `[b, width]` rows of `source` transposed into columns
 * `column .. column + b − 1` of `target [width, columns]` (weight gradients
 * are `Σ_t gᵀ·h`, one matMul over a `[width, T·b]` matrix).
 */
export function writeTransposed(
  source: Rows,
  batch: number,
  width: number,
  target: Float32Array,
  columns: number,
  column: number,
): void {
  const data = source.data;
  for (let i = 0; i < batch; i++) {
    const row = source.base + i * source.stride;
    const col = column + i;
    for (let k = 0; k < width; k++) target[k * columns + col] = data[row + k]!;
  }
}

/** Adds the `[b, width]` rows of `source` into `sums [width]`. */
export function addColumnSums(
  source: Rows,
  batch: number,
  width: number,
  sums: Float32Array,
): void {
  const data = source.data;
  for (let i = 0; i < batch; i++) {
    const row = source.base + i * source.stride;
    for (let k = 0; k < width; k++) sums[k] = sums[k]! + data[row + k]!;
  }
}

/** Columns `from .. from + count − 1` of each of `rows` rows of width `width`. */
export function columns(
  values: Float32Array,
  rows: number,
  width: number,
  from: number,
  count: number,
): Float32Array {
  const out = new Float32Array(rows * count);
  for (let i = 0; i < rows; i++) {
    out.set(values.subarray(i * width + from, i * width + from + count), i * count);
  }
  return out;
}

/** Writes `[rows, count]` `source` into columns `from ..` of `target` (rows of `width`). */
export function writeColumns(
  target: Float32Array,
  rows: number,
  width: number,
  from: number,
  source: Float32Array,
  count: number,
): void {
  for (let i = 0; i < rows; i++) {
    target.set(source.subarray(i * count, (i + 1) * count), i * width + from);
  }
}
