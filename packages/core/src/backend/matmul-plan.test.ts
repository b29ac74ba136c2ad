import { describe, expect, it } from 'vitest';
import { describeMatMul, planMatMul, weightAsRows } from './matmul-plan';
import { broadcastBatchIndices } from './wasm-batch-mat-mul';

function plan(aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean) {
  const problem = describeMatMul(aShape, bShape, transposeA, transposeB);
  if (problem === null) throw new Error('shapes must multiply');
  return planMatMul(problem);
}

describe('planMatMul', () => {
  it('packs the small operand of a dense layer gradient', () => {
    // dx = dy·Wᵀ: pack dyᵀ [512, 64], not Wᵀ [512, 2000].
    expect(plan([64, 2000], [512, 2000], false, true)).toMatchObject({
      kind: 'gemm',
      orientation: 'b-rows',
      calls: 1,
    });
    // dW = xᵀ·dy: rows xᵀ [512, 64], weights dy [64, 2000] as they lie.
    expect(plan([64, 512], [64, 2000], true, false)).toMatchObject({
      kind: 'gemm',
      orientation: 'a-rows',
      calls: 1,
    });
  });

  it('folds the batches of one side into a single GEMM when the other has none', () => {
    expect(plan([8, 200, 256], [256, 100], false, false)).toMatchObject({
      kind: 'gemm',
      orientation: 'a-rows',
      calls: 1,
    });
    expect(plan([16, 1000], [8, 200, 1000], false, true)).toMatchObject({
      kind: 'gemm',
      orientation: 'b-rows',
      calls: 1,
    });
  });

  it('runs batched attention products one GEMM per batch', () => {
    expect(plan([64, 20, 256], [64, 20, 256], false, true)).toMatchObject({
      kind: 'gemm',
      calls: 64,
    });
  });

  it('leaves tiny products to the stock kernel, unless it would broadcast them wrongly', () => {
    expect(plan([2, 3], [4, 3], false, true)).toEqual({ kind: 'stock' });
    expect(plan([2, 1, 2, 3], [1, 3, 3, 2], false, false)).toMatchObject({ kind: 'gemm' });
  });

  it('describes shapes that do not multiply as null', () => {
    expect(describeMatMul([2, 3], [4, 5], false, false)).toBeNull();
    expect(describeMatMul([2, 2, 3], [3, 3, 5], false, false)).toBeNull();
    expect(describeMatMul([3], [3, 5], false, false)).toBeNull();
  });
});

describe('weightAsRows', () => {
  it('streams only weights too large for the cache, and only for enough rows', () => {
    // A W-base output step: 64 rows · [512, 8000].
    expect(weightAsRows(64, 512, 8000)).toBe(true);
    // A beam of 4 rows is too thin; an 8 MiB weight still fits well enough.
    expect(weightAsRows(4, 512, 8000)).toBe(false);
    expect(weightAsRows(64, 256, 8000)).toBe(false);
    expect(weightAsRows(384, 128, 2000)).toBe(false);
  });
});

describe('broadcastBatchIndices', () => {
  it('maps each output batch to the operand batch it reads', () => {
    expect(Array.from(broadcastBatchIndices([2, 3], [2, 1]))).toEqual([0, 0, 0, 1, 1, 1]);
    expect(Array.from(broadcastBatchIndices([2, 3], [1, 3]))).toEqual([0, 1, 2, 0, 1, 2]);
    expect(Array.from(broadcastBatchIndices([2, 3], [3]))).toEqual([0, 1, 2, 0, 1, 2]);
    expect(Array.from(broadcastBatchIndices([2, 3], []))).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
