import type * as tf from '@tensorflow/tfjs-core';

/**
 * What an `AttentionDecoder` carries from step to step. Every tensor is
 * batch-major, so beam search reorders it with `gatherRows`.
 */
export interface AttentionDecoderState {
  /** Per layer `[b, H]`. */
  readonly hidden: tf.Tensor2D[];
  /** Per layer `[b, H]` (LSTM only). */
  readonly cell?: tf.Tensor2D[];
  /** `[b, H]` the previous attentional vector h̃ (Luong placement with input feeding). */
  readonly feed?: tf.Tensor2D;
  /** Steps taken so far: the 0-based position of the next step (local-m's window centre). */
  readonly position: number;
}

/** Options of teacher-forced decoding. */
export interface DecoderRunOptions {
  /** Dropout on. Defaults to false. */
  training?: boolean;
  /**
   * Scheduled sampling (Bengio et al. 2015) while training: the probability
   * that a step's input is the decoder's own previous prediction (argmax)
   * instead of the reference token. 1 feeds every prediction back (a
   * free-running, feed-previous loop). Defaults to 0 (teacher forcing).
   */
  samplingProbability?: number;
}
