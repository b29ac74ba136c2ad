import { describe, expect, it } from 'vitest';
import { HeedError } from './errors';
import { createInitializer, fans, type Initializer, initializers } from './initializers';
import { Random } from './random';
import { expectNoLeaks } from './testing';

/** Runs `initializer` and returns its values as plain numbers. */
function sample(initializer: Initializer, shape: number[], seed = 0): number[] {
  const tensor = initializer(shape, new Random(seed).fork('param:W'));
  const values = Array.from(tensor.dataSync());
  expect(tensor.shape).toEqual(shape);
  expect(tensor.dtype).toBe('float32');
  tensor.dispose();
  return values;
}

function stats(values: number[]) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  const maxAbs = Math.max(...values.map(Math.abs));
  return { mean, std, maxAbs };
}

/** `matrix`ᵀ·`matrix` when `columns`, else `matrix`·`matrix`ᵀ, for a row-major `rows × cols`. */
function gram(values: number[], rows: number, cols: number, columns: boolean): number[][] {
  const n = columns ? cols : rows;
  const inner = columns ? rows : cols;
  const at = (i: number, k: number) =>
    (columns ? values[k * cols + i] : values[i * cols + k]) ?? Number.NaN;
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let sum = 0;
      for (let k = 0; k < inner; k++) sum += at(i, k) * at(j, k);
      return sum;
    }),
  );
}

function expectIdentity(matrix: number[][], scale = 1, tolerance = 1e-5) {
  matrix.forEach((row, i) => {
    row.forEach((value, j) => {
      expect(Math.abs(value - (i === j ? scale : 0))).toBeLessThan(tolerance);
    });
  });
}

const every: [string, Initializer][] = [
  ['uniform', initializers.uniform(-1, 1)],
  ['normal', initializers.normal(0.5)],
  ['pytorch', initializers.pytorch(8)],
  ['glorotUniform', initializers.glorotUniform()],
  ['glorotNormal', initializers.glorotNormal()],
  ['orthogonal', initializers.orthogonal()],
];

describe('initializers', () => {
  it.each(every)(
    '%s gives identical weights for the same seed, other weights for another',
    (_, init) => {
      expect(sample(init, [6, 5], 3)).toEqual(sample(init, [6, 5], 3));
      expect(sample(init, [6, 5], 3)).not.toEqual(sample(init, [6, 5], 4));
    },
  );

  it.each(every)('%s leaves only the tensor it returns', async (_, init) => {
    await expectNoLeaks(() => sample(init, [4, 3]));
  });

  it('pytorch draws U(−1/√fanIn, 1/√fanIn)', () => {
    const bound = 1 / Math.sqrt(16);
    const { mean, std, maxAbs } = stats(sample(initializers.pytorch(16), [50, 80]));
    expect(maxAbs).toBeLessThanOrEqual(bound);
    expect(maxAbs).toBeGreaterThan(0.99 * bound);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(std).toBeCloseTo(bound / Math.sqrt(3), 2);
  });

  it('glorotUniform stays within ±√(6/(fanIn+fanOut)) and glorotNormal has std √(2/(fanIn+fanOut))', () => {
    const limit = Math.sqrt(6 / (20 + 30));
    const uniform = stats(sample(initializers.glorotUniform(), [20, 30]));
    expect(uniform.maxAbs).toBeLessThanOrEqual(limit);
    expect(uniform.maxAbs).toBeGreaterThan(0.98 * limit);
    const normal = stats(sample(initializers.glorotNormal(), [200, 300]));
    expect(normal.std).toBeCloseTo(Math.sqrt(2 / 500), 3);
    expect(Math.abs(normal.mean)).toBeLessThan(0.002);
  });

  it('normal(std, mean) has the requested moments', () => {
    const { mean, std } = stats(sample(initializers.normal(2, 1), [100, 100]));
    expect(mean).toBeCloseTo(1, 1);
    expect(std).toBeCloseTo(2, 1);
  });

  it('orthogonal gives orthonormal columns for tall shapes (QᵀQ = I)', () => {
    expectIdentity(gram(sample(initializers.orthogonal(), [8, 4]), 8, 4, true));
    expectIdentity(gram(sample(initializers.orthogonal(), [5, 5]), 5, 5, true));
    expectIdentity(gram(sample(initializers.orthogonal(), [5, 5]), 5, 5, false));
  });

  it('orthogonal gives orthonormal rows for wide shapes (QQᵀ = I)', () => {
    expectIdentity(gram(sample(initializers.orthogonal(), [3, 7]), 3, 7, false));
  });

  it('orthogonal flattens higher ranks to [prod(shape[:-1]), shape[-1]] and applies the gain', () => {
    expectIdentity(gram(sample(initializers.orthogonal(), [2, 3, 4]), 6, 4, true));
    expectIdentity(gram(sample(initializers.orthogonal(2), [6, 3]), 6, 3, true), 4);
  });

  it('zeros, ones and constant fill the shape', () => {
    expect(sample(initializers.zeros(), [2, 2])).toEqual([0, 0, 0, 0]);
    expect(sample(initializers.ones(), [3])).toEqual([1, 1, 1]);
    expect(sample(initializers.constant(0.5), [1, 2])).toEqual([0.5, 0.5]);
  });
});

describe('fans', () => {
  it('follows Keras: [in, out] for matrices, receptive field × channels above', () => {
    expect(fans([3, 4])).toEqual({ fanIn: 3, fanOut: 4 });
    expect(fans([5])).toEqual({ fanIn: 5, fanOut: 5 });
    expect(fans([])).toEqual({ fanIn: 1, fanOut: 1 });
    expect(fans([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 });
  });
});

describe('createInitializer', () => {
  it('builds initialisers by name with the same values as the factories', () => {
    expect(sample(createInitializer('pytorch', { fanIn: 4 }), [3, 2])).toEqual(
      sample(initializers.pytorch(4), [3, 2]),
    );
    expect(sample(createInitializer('orthogonal', { gain: 3 }), [3, 2])).toEqual(
      sample(initializers.orthogonal(3), [3, 2]),
    );
    expect(sample(createInitializer('normal', { std: 0.1 }), [3, 2])).toEqual(
      sample(initializers.normal(0.1), [3, 2]),
    );
    expect(sample(createInitializer('glorot-normal'), [2])).toEqual(
      sample(initializers.glorotNormal(), [2]),
    );
  });

  it('explains what is wrong', () => {
    expect(() => createInitializer('pytorch')).toThrow(
      'createInitializer: fanIn is required for pytorch. Received: fanIn=undefined',
    );
    expect(() => createInitializer('xavier' as 'zeros')).toThrow(HeedError);
    expect(() => createInitializer('xavier' as 'zeros')).toThrow(
      "createInitializer: name must be one of 'zeros', 'ones', 'pytorch', 'glorot-uniform', 'glorot-normal', 'orthogonal', 'normal'. Received: name='xavier'",
    );
  });
});
