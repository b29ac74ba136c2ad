import * as tf from '@tensorflow/tfjs-core';

/** Tolerances for `expectTensorsClose`: passes when |a − e| ≤ atol + rtol·|e| everywhere. */
export interface CloseOptions {
  /** Defaults to 1e-5. */
  atol?: number;
  /** Defaults to 0. */
  rtol?: number;
  /** Also require this dtype of `actual`. */
  dtype?: tf.DataType;
}

type Nested = number | boolean | readonly Nested[];

/**
 * Throws unless `actual` has `expected`'s shape (and dtype, when given or when
 * `expected` is a tensor) and every element is within tolerance. Equal
 * infinities match, and so does NaN where `expected` holds NaN. The message
 * names the worst element's index and both values.
 */
export function expectTensorsClose(
  actual: tf.Tensor,
  expected: tf.Tensor | Nested | TypedArrayLike,
  options: CloseOptions = {},
): void {
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 0;
  const expectedTensor =
    expected instanceof tf.Tensor
      ? expected
      : tf.tensor(expected as number[], undefined, 'float32');
  try {
    const wantedDtype =
      options.dtype ?? (expected instanceof tf.Tensor ? expected.dtype : undefined);
    if (wantedDtype && actual.dtype !== wantedDtype) {
      throw new Error(`expectTensorsClose: dtype ${actual.dtype} != expected ${wantedDtype}`);
    }
    const expectedShape =
      expected instanceof tf.Tensor || !isFlat(expected) ? expectedTensor.shape : actual.shape;
    if (
      actual.shape.length !== expectedShape.length ||
      actual.shape.some((size, i) => size !== expectedShape[i])
    ) {
      throw new Error(
        `expectTensorsClose: shape [${actual.shape.join(', ')}] != expected [${expectedShape.join(', ')}]`,
      );
    }
    const a = actual.dataSync();
    const e = expectedTensor.dataSync();
    if (a.length !== e.length) {
      throw new Error(`expectTensorsClose: size ${a.length} != expected ${e.length}`);
    }
    let worst = -1;
    let worstExcess = 0;
    for (let i = 0; i < a.length; i++) {
      const av = Number(a[i]);
      const ev = Number(e[i]);
      const allowed = atol + rtol * Math.abs(ev);
      const excess =
        av === ev || (Number.isNaN(av) && Number.isNaN(ev))
          ? Number.NEGATIVE_INFINITY // equal, infinities included; NaN where NaN is expected
          : Number.isNaN(av) !== Number.isNaN(ev)
            ? Number.POSITIVE_INFINITY
            : Math.abs(av - ev) - allowed;
      if (excess > worstExcess || (Number.isNaN(excess) && worst < 0)) {
        worst = i;
        worstExcess = Number.isNaN(excess) ? Number.POSITIVE_INFINITY : excess;
      }
    }
    if (worst >= 0) {
      throw new Error(
        `expectTensorsClose: element ${formatIndex(worst, actual.shape)} is ${a[worst]}, expected ${e[worst]} (atol=${atol}, rtol=${rtol})`,
      );
    }
  } finally {
    if (!(expected instanceof tf.Tensor)) expectedTensor.dispose();
  }
}

type TypedArrayLike = Float32Array | Int32Array | Uint8Array;

function isFlat(value: unknown): boolean {
  if (ArrayBuffer.isView(value)) return true;
  return Array.isArray(value) && value.every((item) => !Array.isArray(item));
}

function formatIndex(flat: number, shape: readonly number[]): string {
  const index: number[] = [];
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d] ?? 1;
    index.unshift(rest % size);
    rest = Math.floor(rest / size);
  }
  return `[${index.join(', ')}]`;
}
