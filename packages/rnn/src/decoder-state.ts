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
