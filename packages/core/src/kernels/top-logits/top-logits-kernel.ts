import type * as tf from '@tensorflow/tfjs-core';
import type { KernelHost } from '../kernel-host';

/**
 * Inserts `(value, column)` into row `base`'s `count` kept entries, sorted
 * largest first, after the entries it equals (their columns are lower), the
 * last entry falling off.
 */
function insert(
  values: Float32Array,
  columns: Int32Array,
  base: number,
  count: number,
  value: number,
  column: number,
): void {
  let position = base + count - 1;
  while (position > base && values[position - 1]! < value) {
    values[position] = values[position - 1]!;
    columns[position] = columns[position - 1]!;
    position--;
  }
  values[position] = value;
  columns[position] = column;
}

/**
 * `HeedTopLogits`: input `logits [r, V]`; attrs `count`, `forbidden` (−1:
 * none). Outputs the `count` largest logits of each row `[r, count]`, their
 * columns (int32), and each row's log-normaliser `[r]`: one pass keeps the
 * largest (a compare per column once `count` are kept), then
 * `KernelHost.logNormalisers`.
 */
export function topLogitsForward(
  host: KernelHost,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo[] {
  const { logits } = inputs as Record<string, tf.TensorInfo>;
  const count = attrs.count as number;
  const forbidden = attrs.forbidden as number;
  const [r, V] = logits!.shape as [number, number];
  const z = host.view(logits!); // read before the outputs are allocated
  const values = new Float32Array(r * count);
  const columns = new Int32Array(r * count);
  for (let i = 0; i < r; i++) {
    const row = i * V;
    const base = i * count;
    for (let j = 0; j < count; j++) {
      const value = z[row + j]!;
      insert(values, columns, base, j + 1, j === forbidden ? Number.NEGATIVE_INFINITY : value, j);
    }
    let smallest = values[base + count - 1]!;
    for (let j = count; j < V; j++) {
      const value = z[row + j]!;
      if (value > smallest && j !== forbidden) {
        insert(values, columns, base, count, value, j);
        smallest = values[base + count - 1]!;
      }
    }
  }
  const logNormaliser = host.logNormalisers(logits!);
  return [
    host.tensor([r, count], values),
    host.tensor([r, count], columns),
    host.tensor([r], logNormaliser),
  ];
}
