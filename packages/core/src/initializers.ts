import * as tf from '@tensorflow/tfjs-core';
import type { Random } from './random';
import { invalidArgument } from './validation';

/**
 * Makes a tensor of `shape` from a seeded generator. Values are drawn in JS,
 * so the same seed gives bit-identical weights on every backend.
 */
export type Initializer = (shape: readonly number[], random: Random) => tf.Tensor;

/** The initialiser names accepted by `createInitializer`. */
export type InitializerName =
  | 'zeros'
  | 'ones'
  | 'pytorch'
  | 'glorot-uniform'
  | 'glorot-normal'
  | 'orthogonal'
  | 'normal';

function fill(shape: readonly number[], draw: () => number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = draw();
  return tf.tensor(values, shape as number[], 'float32');
}

/** Fan-in and fan-out as Keras computes them: `[in, out]` for 2-D, receptive field × channels above. */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0] ?? 1, fanOut: shape[0] ?? 1 };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return {
    fanIn: (shape[shape.length - 2] ?? 1) * receptive,
    fanOut: (shape[shape.length - 1] ?? 1) * receptive,
  };
}

export const initializers = {
  zeros: (): Initializer => (shape) => tf.zeros(shape as number[]),
  ones: (): Initializer => (shape) => tf.ones(shape as number[]),
  constant:
    (value: number): Initializer =>
    (shape) =>
      tf.fill(shape as number[], value),
  /** U(low, high). */
  uniform:
    (low: number, high: number): Initializer =>
    (shape, random) =>
      fill(shape, () => random.uniform(low, high)),
  /** N(mean, std²): PyTorch's `nn.Embedding` default is `normal(0, 1)`. */
  normal:
    (std = 1, mean = 0): Initializer =>
    (shape, random) =>
      fill(shape, () => random.normal(mean, std)),
  /**
   * PyTorch's default for `nn.Linear`, `nn.GRU` and `nn.LSTM` weights and biases:
   * U(−1/√fanIn, 1/√fanIn). For recurrent layers PyTorch uses fanIn = hidden size.
   */
  pytorch:
    (fanIn: number): Initializer =>
    (shape, random) => {
      const bound = 1 / Math.sqrt(fanIn);
      return fill(shape, () => random.uniform(-bound, bound));
    },
  /** Glorot/Xavier uniform: U(±√(6/(fanIn+fanOut))). */
  glorotUniform: (): Initializer => (shape, random) => {
    const { fanIn, fanOut } = fans(shape);
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return fill(shape, () => random.uniform(-limit, limit));
  },
  /** Glorot/Xavier normal: N(0, 2/(fanIn+fanOut)). */
  glorotNormal: (): Initializer => (shape, random) => {
    const { fanIn, fanOut } = fans(shape);
    const std = Math.sqrt(2 / (fanIn + fanOut));
    return fill(shape, () => random.normal(0, std));
  },
  /**
   * A (semi-)orthogonal matrix times `gain` (Saxe et al. 2014), from the QR
   * decomposition of a Gaussian matrix with the sign of R's diagonal folded in,
   * as PyTorch's `nn.init.orthogonal_`. Shapes above 2-D are flattened to
   * `[prod(shape[:-1]), shape[-1]]`.
   */
  orthogonal:
    (gain = 1): Initializer =>
    (shape, random) => {
      const cols = shape[shape.length - 1] ?? 1;
      const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
      const values = orthogonalMatrix(rows, cols, random);
      for (let i = 0; i < values.length; i++) values[i] = (values[i] ?? 0) * gain;
      return tf.tensor(values, shape as number[], 'float32');
    },
};

/** `rows × cols` row-major matrix with orthonormal rows or columns (whichever are fewer). */
function orthogonalMatrix(rows: number, cols: number, random: Random): Float32Array {
  const transpose = rows < cols;
  const n = transpose ? cols : rows; // long side
  const m = transpose ? rows : cols; // short side
  // Columns of an n×m Gaussian matrix, orthonormalised by modified Gram–Schmidt.
  const q: Float64Array[] = [];
  for (let j = 0; j < m; j++) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = random.normal();
    for (const u of q) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += (u[i] ?? 0) * (v[i] ?? 0);
      for (let i = 0; i < n; i++) v[i] = (v[i] ?? 0) - dot * (u[i] ?? 0);
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += (v[i] ?? 0) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < n; i++) v[i] = (v[i] ?? 0) / norm;
    q.push(v);
  }
  const out = new Float32Array(rows * cols);
  for (let j = 0; j < m; j++) {
    const column = q[j] as Float64Array;
    for (let i = 0; i < n; i++) {
      const value = column[i] ?? 0;
      if (transpose) out[j * cols + i] = value;
      else out[i * cols + j] = value;
    }
  }
  return out;
}

/**
 * Builds an initialiser by name. `pytorch` needs `fanIn`; `normal` takes `std`.
 */
export function createInitializer(
  name: InitializerName,
  options: { fanIn?: number; std?: number; gain?: number } = {},
): Initializer {
  switch (name) {
    case 'zeros':
      return initializers.zeros();
    case 'ones':
      return initializers.ones();
    case 'pytorch':
      if (!options.fanIn)
        throw invalidArgument(
          'createInitializer',
          'fanIn',
          'is required for pytorch',
          options.fanIn,
        );
      return initializers.pytorch(options.fanIn);
    case 'glorot-uniform':
      return initializers.glorotUniform();
    case 'glorot-normal':
      return initializers.glorotNormal();
    case 'orthogonal':
      return initializers.orthogonal(options.gain ?? 1);
    case 'normal':
      return initializers.normal(options.std ?? 1);
    default:
      throw invalidArgument(
        'createInitializer',
        'name',
        "must be one of 'zeros', 'ones', 'pytorch', 'glorot-uniform', 'glorot-normal', 'orthogonal', 'normal'",
        name,
      );
  }
}
