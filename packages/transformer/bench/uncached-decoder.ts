import {
  type DecoderState,
  type Encoded,
  type ForwardResult,
  gatherRows,
  type OutputProjection,
  type RunOptions,
  type Seq2SeqModel,
  type StepResult,
  tidyTree,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Transformer } from '../src/transformer';

/**
 * The baseline the key/value cache is measured against: every step re-runs
 * the whole decoder over the prefix (what a model without a cache must do).
 */
export class UncachedDecoder implements Seq2SeqModel {
  constructor(private readonly model: Transformer) {}

  get sourceVocabSize(): number {
    return this.model.sourceVocabSize;
  }

  get targetVocabSize(): number {
    return this.model.targetVocabSize;
  }

  get outputProjection(): OutputProjection {
    return this.model.outputProjection;
  }

  encode(source: tf.Tensor2D, sourceLengths: tf.Tensor1D, options?: RunOptions): Encoded {
    return tidyTree(() => {
      const encoded = this.model.encode(source, sourceLengths, options);
      // No prefix yet: tfjs-backend-wasm mishandles zero-width tensors in gather/concat.
      return { ...encoded, initialState: {} };
    });
  }

  step(previousTokens: tf.Tensor1D, state: DecoderState, encoded: Encoded): StepResult {
    const { prefix } = state as { prefix?: tf.Tensor2D };
    return tidyTree(() => {
      const latest = tf.expandDims(previousTokens, 1) as tf.Tensor2D; // [b, 1]
      const tokens = prefix ? (tf.concat([prefix, latest], 1) as tf.Tensor2D) : latest; // [b, t]
      const { logits, attention } = this.model.decodeAll(tokens, encoded);
      const t = tokens.shape[1] - 1;
      const last = (x: tf.Tensor3D) =>
        tf.squeeze(tf.slice(x, [0, t, 0], [-1, 1, -1]), [1]) as tf.Tensor2D;
      return {
        logits: last(logits),
        state: { prefix: tokens },
        ...(attention ? { attention: last(attention) } : {}),
      };
    });
  }

  reorder(state: DecoderState, indices: tf.Tensor1D): DecoderState {
    return tidyTree(() => gatherRows(state, indices));
  }

  forward(
    source: tf.Tensor2D,
    sourceLengths: tf.Tensor1D,
    targetInput: tf.Tensor2D,
    options?: RunOptions,
  ): ForwardResult {
    return this.model.forward(source, sourceLengths, targetInput, options);
  }

  namedParameters() {
    return this.model.namedParameters();
  }

  trainableParameters() {
    return this.model.trainableParameters();
  }

  parameterCount() {
    return this.model.parameterCount();
  }

  getConfig() {
    return this.model.getConfig();
  }

  dispose() {
    this.model.dispose();
  }
}
