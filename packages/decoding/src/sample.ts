import {
  assertKnownKeys,
  assertNonNegativeInteger,
  forbidColumn,
  invalidArgument,
  Random,
  type Seq2SeqModel,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import type { DecodeResult } from './decode-result';
import { decodeStepwise } from './decode-stepwise';
import { filterLogits } from './filter-logits';
import { DECODE_OPTION_KEYS, type DecodeOptions, resolveDecodeOptions } from './options';

const OWNER = 'sample';

/** Options of `sample`. */
export interface SampleOptions extends DecodeOptions {
  /** Logits are divided by it before sampling (< 1 sharper, > 1 flatter). Defaults to 1. */
  temperature?: number;
  /** Sample only among the `topK` most probable ids; 0 turns it off. Defaults to 0. */
  topK?: number;
  /** Nucleus sampling: the smallest set of ids with probability ≥ `topP`; 1 turns it off. Defaults to 1. */
  topP?: number;
  /** Seed of the draws: the same seed on the same backend gives the same output. Defaults to 0. */
  seed?: number;
}

const KNOWN_OPTIONS = [...DECODE_OPTION_KEYS, 'temperature', 'topK', 'topP', 'seed'];

/**
 * Ancestral sampling of a batch: each step draws the next token from
 * softmax(logits / temperature), restricted by top-k and top-p, on the
 * device (Gumbel-max, seeded per step from `seed`). `scores` are the
 * model's own log-probs of the drawn tokens (temperature 1, unfiltered).
 *
 * @param source `[b, S]` int32 ids.
 * @param sourceLengths `[b]` int32.
 */
export async function sample(
  model: Seq2SeqModel,
  source: tf.Tensor2D,
  sourceLengths: tf.Tensor1D,
  options: SampleOptions = {},
): Promise<DecodeResult> {
  assertKnownKeys(OWNER, options, KNOWN_OPTIONS);
  const resolved = resolveDecodeOptions(OWNER, model, source, sourceLengths, options);
  const temperature = options.temperature ?? 1;
  if (!(typeof temperature === 'number' && temperature > 0 && Number.isFinite(temperature))) {
    throw invalidArgument(OWNER, 'temperature', 'must be a positive number', temperature);
  }
  const topK = assertNonNegativeInteger(OWNER, 'topK', options.topK ?? 0);
  const topP = options.topP ?? 1;
  if (!(typeof topP === 'number' && topP > 0 && topP <= 1)) {
    throw invalidArgument(OWNER, 'topP', 'must be a number in (0, 1]', topP);
  }
  const random = new Random(options.seed ?? 0);
  return decodeStepwise(OWNER, model, source, sourceLengths, resolved, (logits, forbidden) => {
    const allowed = forbidden === null ? logits : forbidColumn(logits, forbidden);
    const scaled: tf.Tensor2D = temperature === 1 ? allowed : tf.div(allowed, temperature); // [rows, V]
    let tokens: tf.Tensor1D;
    if (topK === 0 && topP === 1) {
      tokens = gumbelArgMax(scaled, random.nextUint32());
    } else {
      const candidates = filterLogits(scaled, { topK, topP }); // [rows, K]
      const picks = gumbelArgMax(candidates.logits, random.nextUint32()); // [rows]
      tokens = tf.reshape(tf.gather(candidates.ids, tf.expandDims(picks, 1), 1, 1), [-1]);
    }
    const chosen = tf.gather(logits, tf.expandDims(tokens, 1), 1, 1); // [rows, 1]
    return {
      tokens,
      logits: tf.reshape(chosen, [-1]) as tf.Tensor1D,
      logNormaliser: tf.logSumExp(logits, 1) as tf.Tensor1D,
    };
  });
}

/**
 * One draw per row from softmax(`logits`) by the Gumbel-max trick:
 * argmax(logits − log(−log U)), U uniform. (`tf.multinomial` on the cpu
 * backend reseeds its generator for every row, so all rows of a batch would
 * share one random number.) −∞ logits are never drawn.
 * @param logits `[rows, K]`.
 * @returns `[rows]` int32 column indices.
 */
function gumbelArgMax(logits: tf.Tensor2D, seed: number): tf.Tensor1D {
  const uniform = tf.randomUniform(logits.shape, GUMBEL_LOW, GUMBEL_HIGH, 'float32', seed);
  const gumbel = tf.neg(tf.log(tf.neg(tf.log(uniform)))); // [rows, K]
  return tf.argMax(tf.add(logits, gumbel), 1) as tf.Tensor1D;
}

/** U stays inside (0, 1) in float32, so the Gumbel noise is finite. */
const GUMBEL_LOW = 1e-7;
const GUMBEL_HIGH = 1 - 1e-7;
