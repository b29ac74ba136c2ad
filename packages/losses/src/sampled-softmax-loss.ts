import {
  assertBoolean,
  assertKnownKeys,
  assertOneOf,
  assertPositiveInteger,
  HeedError,
  invalidArgument,
  MASK_NEGATIVE,
  PAD_ID,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import type { CandidateSampler } from './candidate-sampler';
import { LogUniformSampler } from './log-uniform-sampler';
import { type LossResult, REDUCTIONS, type Reduction, reduceTokenLosses } from './reduction';

const OWNER = 'sampledSoftmaxLoss';

/** The output layer `logits = hidden · kernel + bias`: a model's `OutputProjection`. */
export interface ProjectionWeights {
  /** `[H, V]`. */
  readonly kernel: tf.Tensor;
  /** `[V]`. */
  readonly bias: tf.Tensor;
}

/** Options of `sampledSoftmaxLoss`. */
export interface SampledSoftmaxOptions {
  /** Number of candidate classes drawn per call. Required unless `sampledIds` is given. */
  numSampled?: number;
  /**
   * Where candidates come from. Keep one sampler across training steps so each
   * step draws a fresh set. Defaults to `new LogUniformSampler(V, { seed })`.
   */
  sampler?: CandidateSampler;
  /**
   * Seed of the default sampler, used when no `sampler` is given (vary it per
   * step, e.g. the step number, or every step sees the same candidates).
   */
  seed?: number;
  /**
   * Explicit candidates (TF's `sampled_values`), e.g. for deterministic
   * tests; replaces the sampler, so `numSampled`, `sampler` and `seed` must
   * not be given with it.
   */
  sampledIds?: ArrayLike<number>;
  /** `[numSampled]` float32 expected counts of `sampledIds`; required with `sampledIds`. */
  sampledExpectedCounts?: tf.Tensor1D;
  /**
   * float32 expected counts of the targets, shaped like `targets`; required
   * with `sampledIds`. Values at PAD targets are not used (0 is fine).
   */
  trueExpectedCounts?: tf.Tensor;
  /** Mask out sampled candidates equal to an example's target. Defaults to true. */
  removeAccidentalHits?: boolean;
  /**
   * As in `maskedCrossEntropy`: `mean`, `sum`, `per-sequence` (needs
   * `[b, T, H]` hidden) or `none` (one loss per target, shaped like
   * `targets`, 0 at PAD). Defaults to `'mean'`.
   */
  reduction?: Reduction;
  /**
   * Targets equal to this id are ignored: their loss is 0, they are not
   * counted, and their expected counts are not used. Defaults to 0 (PAD).
   */
  padId?: number;
}

const KNOWN_OPTIONS = [
  'numSampled',
  'sampler',
  'seed',
  'sampledIds',
  'sampledExpectedCounts',
  'trueExpectedCounts',
  'removeAccidentalHits',
  'reduction',
  'padId',
];

/**
 * Sampled softmax loss with TensorFlow's `sampled_softmax_loss` semantics
 * (`num_true = 1`), for training only: evaluate and decode with the full
 * softmax (`maskedCrossEntropy` on `forward` logits), which this loss
 * approximates with a biased, cheaper estimate.
 *
 * Every example is scored against its own target and one candidate set shared
 * by the whole batch. Only the `N + numSampled` needed columns of
 * `projection.kernel` (rows of Wᵀ) and entries of `bias` are gathered, so the
 * cost is `O(N·H·(1 + numSampled))` instead of the full `O(N·H·V)`. Logits get
 * `log Q` (log expected count) subtracted; candidates equal to the target are
 * pushed to a large negative score (accidental hits); the loss is the
 * cross-entropy of the target among `[target, candidates]`.
 *
 * PAD: positions whose target is `padId` get loss 0 and no gradient, are left
 * out of `tokenCount` and of every mean, and their true expected counts are
 * replaced by 1 before the log, so a 0 there cannot turn into NaN. PAD stays a
 * class of the output layer: like any id it may be drawn as a candidate
 * (a negative that no real target equals).
 *
 * @param hidden `[N, H]` or `[b, T, H]`: the vectors the output projection applies to
 *   (`ForwardResult.hidden`).
 * @param targets `[N]` or `[b, T]` int32.
 * @param projection the model's output layer (`model.outputProjection`): kernel `[H, V]`, bias `[V]`.
 */
export function sampledSoftmaxLoss(
  hidden: tf.Tensor2D | tf.Tensor3D,
  targets: tf.Tensor1D | tf.Tensor2D,
  projection: ProjectionWeights,
  options: SampledSoftmaxOptions,
): LossResult {
  assertKnownKeys(OWNER, options, KNOWN_OPTIONS);
  const reduction = assertOneOf(OWNER, 'reduction', options.reduction ?? 'mean', REDUCTIONS);
  const removeHits = assertBoolean(
    OWNER,
    'removeAccidentalHits',
    options.removeAccidentalHits ?? true,
  );
  const padId = options.padId ?? PAD_ID;
  if (!Number.isInteger(padId)) throw invalidArgument(OWNER, 'padId', 'must be an integer', padId);
  const [H, V] = projection.kernel.shape as [number, number];
  validateShapes(hidden, targets, projection, H, V, reduction);
  const N = targets.size;
  const candidates = drawCandidates(options, N, V);
  const S = candidates.ids.length;
  return tf.tidy(() => {
    const flatHidden = tf.reshape(hidden, [N, H]); // [N, H]
    const flatTargets = tf.reshape(targets, [N]) as tf.Tensor1D; // [N]
    const isReal = tf.notEqual(flatTargets, tf.scalar(padId, 'int32')); // [N] bool
    const sampledIds = tf.tensor1d(candidates.ids, 'int32'); // [S]
    const allIds = tf.concat([flatTargets, sampledIds]); // [N + S]
    const weights = tf.transpose(tf.gather(projection.kernel, allIds, 1)); // [N + S, H]
    const biases = tf.gather(projection.bias, allIds); // [N + S]
    const trueWeights = tf.slice(weights, [0, 0], [N, H]); // [N, H]
    const sampledWeights = tf.slice(weights, [N, 0], [S, H]); // [S, H]
    // PAD targets' expected counts are replaced by 1, so a 0 there cannot give log 0.
    const trueExpected = tf.where(
      isReal,
      tf.reshape(candidates.trueExpected(flatTargets), [N]),
      tf.ones([N]),
    ); // [N]
    const trueLogits = tf.sub(
      tf.add(tf.sum(tf.mul(flatHidden, trueWeights), 1), tf.slice(biases, [0], [N])),
      tf.log(trueExpected),
    ); // [N]
    let sampledLogits = tf.sub(
      tf.add(tf.matMul(flatHidden, sampledWeights, false, true), tf.slice(biases, [N], [S])),
      tf.log(candidates.sampledExpected()),
    ); // [N, S]
    if (removeHits) {
      sampledLogits = tf.add(sampledLogits, accidentalHitPenalty(flatTargets, candidates.ids, V));
    }
    const logits = tf.concat([tf.expandDims(trueLogits, 1), sampledLogits], 1); // [N, 1 + S]
    const tokenLoss = tf.neg(tf.slice(tf.logSoftmax(logits), [0, 0], [N, 1])); // [N, 1]
    const mask = tf.reshape(tf.cast(isReal, 'float32'), targets.shape);
    return reduceTokenLosses(tf.reshape(tokenLoss, targets.shape), mask, reduction);
  });
}

/**
 * `[N, S]`: MASK_NEGATIVE where sampled candidate j equals example i's target,
 * else 0. With unique candidates (the sampler's), each target's column is
 * looked up in a `[V]` table and one-hot encoded, which is far cheaper than
 * comparing all N × S pairs (a broadcast `equal` is slow on wasm: 230 ms
 * at N = 4096, S = 512).
 */
function accidentalHitPenalty(flatTargets: tf.Tensor1D, ids: Int32Array, V: number): tf.Tensor2D {
  const S = ids.length;
  // tf.oneHot needs a depth of at least 2.
  if (S < 2 || new Set(ids).size !== S) {
    const sampledIds = tf.tensor1d(ids, 'int32');
    const hits = tf.equal(tf.expandDims(flatTargets, 1), tf.expandDims(sampledIds, 0));
    return tf.mul(tf.cast(hits, 'float32'), MASK_NEGATIVE) as tf.Tensor2D;
  }
  const columnOf = new Int32Array(V).fill(-1);
  ids.forEach((id, column) => {
    columnOf[id] = column;
  });
  const columns = tf.gather(tf.tensor1d(columnOf, 'int32'), flatTargets); // [N], −1: no hit
  return tf.oneHot(columns, S, MASK_NEGATIVE, 0, 'float32') as tf.Tensor2D;
}

interface Candidates {
  ids: Int32Array;
  /** @returns `[S]` float32 expected counts of `ids`. */
  sampledExpected(): tf.Tensor1D;
  /** @returns expected counts of `flatTargets` `[N]`. */
  trueExpected(flatTargets: tf.Tensor1D): tf.Tensor;
}

function drawCandidates(options: SampledSoftmaxOptions, N: number, V: number): Candidates {
  if (options.sampledIds !== undefined) {
    const samplerOptions = (['numSampled', 'sampler', 'seed'] as const).filter(
      (field) => options[field] !== undefined,
    );
    if (samplerOptions.length > 0) {
      throw new HeedError(
        `${OWNER}: sampledIds replaces the sampler, so numSampled, sampler and seed must not be given with it. Received: sampledIds with ${samplerOptions.join(', ')}`,
      );
    }
    const ids = Int32Array.from(options.sampledIds);
    ids.forEach((id, i) => {
      if (!(id >= 0 && id < V && id === options.sampledIds?.[i])) {
        throw invalidArgument(OWNER, `sampledIds[${i}]`, `must be an integer in [0, ${V})`, id);
      }
    });
    const sampled = options.sampledExpectedCounts;
    const trueCounts = options.trueExpectedCounts;
    if (sampled === undefined || trueCounts === undefined) {
      throw new HeedError(
        `${OWNER}: sampledIds needs sampledExpectedCounts and trueExpectedCounts too`,
      );
    }
    for (const [field, counts] of [
      ['sampledExpectedCounts', sampled],
      ['trueExpectedCounts', trueCounts],
    ] as const) {
      if (!(counts instanceof tf.Tensor)) {
        throw invalidArgument(OWNER, field, 'must be a float32 tensor', counts);
      }
    }
    if (sampled.rank !== 1 || sampled.size !== ids.length) {
      throw invalidArgument(
        OWNER,
        'sampledExpectedCounts.shape',
        `must be [sampledIds.length] = [${ids.length}]`,
        sampled.shape,
      );
    }
    if (trueCounts.size !== N) {
      throw invalidArgument(
        OWNER,
        'trueExpectedCounts.shape',
        `must match targets (${N} elements)`,
        trueCounts.shape,
      );
    }
    return {
      ids,
      sampledExpected: () => tf.cast(sampled, 'float32') as tf.Tensor1D,
      trueExpected: () => tf.cast(trueCounts, 'float32'),
    };
  }
  for (const field of ['sampledExpectedCounts', 'trueExpectedCounts'] as const) {
    if (options[field] !== undefined) {
      throw new HeedError(
        `${OWNER}: ${field} goes with sampledIds; the sampler computes its own expected counts. Received: ${field} without sampledIds`,
      );
    }
  }
  const numSampled = assertPositiveInteger(OWNER, 'numSampled', options.numSampled);
  if (options.sampler === undefined && options.seed === undefined) {
    throw new HeedError(
      `${OWNER}: pass a sampler (a fresh candidate set each call), a seed, or sampledIds`,
    );
  }
  const sampler = options.sampler ?? new LogUniformSampler(V, { seed: options.seed ?? 0 });
  if (sampler.vocabSize !== V) {
    throw invalidArgument(OWNER, 'sampler.vocabSize', `must equal V (${V})`, sampler.vocabSize);
  }
  const sample = sampler.sample(numSampled, true);
  return {
    ids: sample.ids,
    sampledExpected: () => tf.tensor1d(sample.sampledExpectedCount, 'float32'),
    trueExpected: (flatTargets) => sample.trueExpectedCount(flatTargets),
  };
}

function validateShapes(
  hidden: tf.Tensor,
  targets: tf.Tensor,
  projection: ProjectionWeights,
  H: number,
  V: number,
  reduction: Reduction,
): void {
  const rank = targets.rank;
  const hiddenMatches =
    (rank === 1 || rank === 2) &&
    hidden.rank === rank + 1 &&
    targets.shape.every((size, i) => size === hidden.shape[i]) &&
    hidden.shape[rank] === H;
  if (!hiddenMatches) {
    throw new HeedError(
      `${OWNER}: hidden must be [N, H] with targets [N], or [b, T, H] with targets [b, T], H = ${H}. ` +
        `Received: hidden.shape=[${hidden.shape.join(', ')}], targets.shape=[${targets.shape.join(', ')}]`,
    );
  }
  if (targets.dtype !== 'int32') {
    throw invalidArgument(OWNER, 'targets.dtype', "must be 'int32'", targets.dtype);
  }
  if (projection.bias.shape.length !== 1 || projection.bias.shape[0] !== V) {
    throw invalidArgument(OWNER, 'projection.bias.shape', `must be [${V}]`, projection.bias.shape);
  }
  if (reduction === 'per-sequence' && rank !== 2) {
    throw invalidArgument(
      OWNER,
      'reduction',
      'can be per-sequence only for [b, T, H] hidden',
      reduction,
    );
  }
}
