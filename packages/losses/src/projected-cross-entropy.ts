import {
  assertInRange,
  assertKnownKeys,
  assertOneOf,
  assertPositiveInteger,
  assertShape,
  invalidArgument,
  PAD_ID,
  softmaxCrossEntropy,
  softmaxCrossEntropyGrad,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import type { MaskedCrossEntropyOptions } from './masked-cross-entropy';
import { type LossResult, REDUCTIONS, reduceTokenLosses } from './reduction';
import type { ProjectionWeights } from './sampled-softmax-loss';

const OWNER = 'projectedCrossEntropy';

/** Logit values (rows × V) alive at a time unless `rowsPerChunk` says otherwise: 4 MiB of float32. */
const CHUNK_ELEMENTS = 1 << 20;

/** Options of `projectedCrossEntropy`: those of `maskedCrossEntropy`, and the chunk size. */
export interface ProjectedCrossEntropyOptions extends MaskedCrossEntropyOptions {
  /**
   * Rows (target positions) whose `[rows, V]` logits are formed at once.
   * Defaults to `max(1, ⌊2²⁰ / V⌋)`, about 4 MiB of logits.
   */
  rowsPerChunk?: number;
}

const KNOWN_OPTIONS = ['reduction', 'labelSmoothing', 'padId', 'rowsPerChunk'];

/**
 * Cross-entropy of the output layer's logits `hidden · kernel + bias` against
 * `targets`, without ever holding all `[b, T, V]` logits: the rows go through
 * in chunks of `rowsPerChunk`, and the gradient with respect to the logits is
 * formed directly as `softmax − q` (q the smoothed one-hot target), chunk by
 * chunk, from the saved log-sum-exp. Equals
 * `maskedCrossEntropy(hidden · kernel + bias, targets, options)` in value and
 * gradients (hidden, kernel, bias), for every reduction and label smoothing;
 * see `maskedCrossEntropy` for their meaning.
 *
 * When all rows fit in one chunk, the logits are kept from the forward pass
 * for the gradient; otherwise each chunk's logits are recomputed (one more
 * `[rows, H] · [H, V]` product) so that only one chunk's `[rows, V]` is alive.
 * The per-row loss and its gradient with respect to the logits are core's
 * `softmaxCrossEntropy` and `softmaxCrossEntropyGrad` (a kernel on cpu and
 * wasm: one pass over the logits each).
 *
 * @param hidden `[b, T, H]`: what the output layer applies to (`forwardHidden(...).hidden`).
 * @param targets `[b, T]` int32 target ids; `padId` (PAD = 0) targets are ignored.
 * @param projection the output layer in Keras layout (a model's `outputProjection`):
 *   `kernel [H, V]`, `bias [V]`.
 */
export function projectedCrossEntropy(
  hidden: tf.Tensor3D,
  targets: tf.Tensor2D,
  projection: ProjectionWeights,
  options: ProjectedCrossEntropyOptions = {},
): LossResult {
  assertKnownKeys(OWNER, options, KNOWN_OPTIONS);
  const reduction = assertOneOf(OWNER, 'reduction', options.reduction ?? 'mean', REDUCTIONS);
  const smoothing = assertInRange(OWNER, 'labelSmoothing', options.labelSmoothing ?? 0, 0, 1);
  const padId = options.padId ?? PAD_ID;
  if (!Number.isInteger(padId)) throw invalidArgument(OWNER, 'padId', 'must be an integer', padId);
  assertShape(OWNER, 'projection.kernel', projection.kernel.shape, [null, null]);
  const [H, V] = projection.kernel.shape as [number, number];
  assertShape(OWNER, 'projection.bias', projection.bias.shape, [V]);
  assertShape(OWNER, 'hidden', hidden.shape, [null, null, H]);
  const [b, T] = hidden.shape;
  assertShape(OWNER, 'targets', targets.shape, [b, T]);
  if (targets.dtype !== 'int32') {
    throw invalidArgument(OWNER, 'targets.dtype', "must be 'int32'", targets.dtype);
  }
  const rowsPerChunk = assertPositiveInteger(
    OWNER,
    'rowsPerChunk',
    options.rowsPerChunk ?? Math.max(1, Math.floor(CHUNK_ELEMENTS / V)),
  );
  return tf.tidy(() => {
    const flatTargets = tf.reshape(targets, [b * T]) as tf.Tensor1D; // [N]
    const tokenLoss = tokenCrossEntropy(
      tf.reshape(hidden, [b * T, H]) as tf.Tensor2D,
      projection.kernel as tf.Tensor2D,
      projection.bias as tf.Tensor1D,
      flatTargets,
      smoothing,
      rowsPerChunk,
    ); // [N]
    const mask = tf.cast(tf.notEqual(targets, tf.scalar(padId, 'int32')), 'float32'); // [b, T]
    return reduceTokenLosses(tf.reshape(tokenLoss, [b, T]), mask, reduction);
  });
}

/** Row ranges `[start, size]` covering `rows` in chunks of at most `rowsPerChunk`. */
type RowRange = [start: number, size: number];

function chunkRanges(rows: number, rowsPerChunk: number): RowRange[] {
  const ranges: RowRange[] = [];
  for (let start = 0; start < rows; start += rowsPerChunk) {
    ranges.push([start, Math.min(rowsPerChunk, rows - start)]);
  }
  return ranges;
}

/**
 * Per-row smoothed cross-entropy `lse(z) − (1−ε)·z_target − ε·mean(z)` of
 * `z = hidden · kernel + bias`, with its gradient formed from the softmax.
 * @param hidden `[N, H]`.
 * @param kernel `[H, V]`.
 * @param bias `[V]`.
 * @param targets `[N]` int32.
 * @returns `[N]`.
 */
function tokenCrossEntropy(
  hidden: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  targets: tf.Tensor1D,
  smoothing: number,
  rowsPerChunk: number,
): tf.Tensor1D {
  const [N, H] = hidden.shape;
  const V = kernel.shape[1];
  const chunks = chunkRanges(N, rowsPerChunk);
  const logits = (x: tf.Tensor2D, k: tf.Tensor2D, offset: tf.Tensor1D, [start, size]: RowRange) =>
    tf.add(tf.matMul(tf.slice(x, [start, 0], [size, H]), k), offset) as tf.Tensor2D; // [n, V]
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [x, k, offset] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    const perChunk = chunks.map((range) =>
      tf.tidy((): tf.Tensor[] => {
        const z = logits(x, k, offset, range); // [n, V]
        const rowTargets = tf.slice(targets, [range[0]], [range[1]]) as tf.Tensor1D; // [n]
        // heed's kernel on cpu and wasm: one pass over the logits.
        const { loss, logSumExp } = softmaxCrossEntropy(z, rowTargets, smoothing); // [n], [n]
        if (chunks.length > 1) return [loss, logSumExp];
        // One chunk holds every row: keep its logits for the gradient instead of recomputing them.
        return [loss, logSumExp, z];
      }),
    );
    const value = tf.concat(perChunk.map(([loss]) => loss as tf.Tensor1D)); // [N]
    const logSumExp = tf.concat(perChunk.map(([, lse]) => lse as tf.Tensor1D)); // [N]
    const kept = perChunk[0]?.[2]; // [N, V] when there is one chunk
    save(kept ? [x, k, offset, logSumExp, kept] : [x, k, offset, logSumExp]);
    tf.dispose(perChunk.flatMap(([loss, lse]) => [loss as tf.Tensor, lse as tf.Tensor]));
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [xs, ks, bs, lse, keptLogits] = saved as [
        tf.Tensor2D,
        tf.Tensor2D,
        tf.Tensor1D,
        tf.Tensor1D,
        tf.Tensor2D?,
      ];
      let dKernel: tf.Tensor2D = tf.zeros([H, V]);
      let dBias: tf.Tensor1D = tf.zeros([V]);
      const dHidden = chunks.map((range) => {
        const [start, size] = range;
        const chunk = tf.tidy(() => {
          const z = keptLogits ?? logits(xs, ks, bs, range); // [n, V]
          // dy · (softmax(z) − q), q the smoothed one-hot target, in one pass.
          const dLogits = softmaxCrossEntropyGrad(
            z,
            tf.slice(targets, [start], [size]) as tf.Tensor1D,
            tf.slice(lse, [start], [size]) as tf.Tensor1D,
            tf.slice(dy, [start], [size]) as tf.Tensor1D,
            smoothing,
          ); // [n, V]
          const rows = tf.slice(xs, [start, 0], [size, H]) as tf.Tensor2D; // [n, H]
          return {
            dRows: tf.matMul(dLogits, ks, false, true), // [n, H]
            dKernel: tf.add(dKernel, tf.matMul(rows, dLogits, true, false)) as tf.Tensor2D,
            dBias: tf.add(dBias, tf.sum(dLogits, 0)) as tf.Tensor1D,
          };
        });
        tf.dispose([dKernel, dBias]);
        dKernel = chunk.dKernel;
        dBias = chunk.dBias;
        return chunk.dRows;
      });
      const dX = tf.concat(dHidden);
      tf.dispose(dHidden);
      return [dX, dKernel, dBias];
    };
    return { value, gradFunc };
  });
  return op(hidden, kernel, bias) as tf.Tensor1D;
}
