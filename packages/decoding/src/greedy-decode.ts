import { assertKnownKeys, type Seq2SeqModel, topLogits } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import type { DecodeResult } from './decode-result';
import { decodeStepwise } from './decode-stepwise';
import { DECODE_OPTION_KEYS, type DecodeOptions, resolveDecodeOptions } from './options';

const OWNER = 'greedyDecode';

/**
 * Greedy decoding of a batch: at every step each sentence takes its most
 * probable next token (`topLogits` on the device), until EOS or `maxLength`.
 * Equals `beamSearch` with `beamSize: 1`.
 *
 * @param source `[b, S]` int32 ids, PAD after each sentence's end.
 * @param sourceLengths `[b]` int32.
 */
export async function greedyDecode(
  model: Seq2SeqModel,
  source: tf.Tensor2D,
  sourceLengths: tf.Tensor1D,
  options: DecodeOptions = {},
): Promise<DecodeResult> {
  assertKnownKeys(OWNER, options, DECODE_OPTION_KEYS);
  const resolved = resolveDecodeOptions(OWNER, model, source, sourceLengths, options);
  return decodeStepwise(OWNER, model, source, sourceLengths, resolved, (logits, forbidden) => {
    const best = topLogits(logits, 1, forbidden); // [rows, 1]
    return {
      tokens: tf.reshape(best.indices, [-1]) as tf.Tensor1D,
      logits: tf.reshape(best.values, [-1]) as tf.Tensor1D,
      logNormaliser: best.logNormaliser,
    };
  });
}
