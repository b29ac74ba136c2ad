import {
  type DecoderState,
  disposeTree,
  type Encoded,
  gatherRows,
  type Seq2SeqModel,
  type StepResult,
  tidyTree,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { disposeReplaced, tensorSet } from './tensor-lifetime';

/**
 * The model side of one decoding call: the `Encoded` batch, the current
 * decoder state, and their lifetimes. Every decoder step runs in a tidy;
 * replaced state tensors are disposed as soon as they are replaced, so the
 * tensor count stays flat however long the search runs.
 */
export class DecoderRows {
  readonly #model: Seq2SeqModel;
  #encoded: Encoded;
  #encodedTensors: Set<tf.Tensor>;
  #state: DecoderState;

  private constructor(model: Seq2SeqModel, encoded: Encoded) {
    this.#model = model;
    this.#encoded = encoded;
    this.#encodedTensors = tensorSet(encoded);
    this.#state = encoded.initialState;
  }

  /** Encodes the batch once, one row per sentence. */
  static encode(model: Seq2SeqModel, source: tf.Tensor2D, sourceLengths: tf.Tensor1D): DecoderRows {
    return new DecoderRows(
      model,
      tidyTree(() => model.encode(source, sourceLengths)),
    );
  }

  /**
   * Runs `model.step` on every row, keeps the new state, and returns what
   * `use` makes of the step's result (computed in the same tidy: only the
   * tensors it returns survive).
   * @param previousTokens `[rows]` int32.
   */
  step<T>(previousTokens: tf.Tensor1D, use: (result: StepResult) => T): T {
    const { state, kept } = tidyTree(() => {
      const result = this.#model.step(previousTokens, this.#state, this.#encoded);
      return { state: result.state, kept: use(result) };
    });
    disposeReplaced(this.#state, tensorSet(state, this.#encodedTensors));
    this.#state = state;
    return kept;
  }

  /**
   * Picks state rows with `model.reorder` (beam search) and, with
   * `withSource`, the same rows of the `Encoded` (rows whose sentence
   * changes: dropped sentences, a beam's rows growing or shrinking).
   * @param rows `[rows']` indices into the current rows.
   */
  reorder(rows: Int32Array, withSource: boolean): void {
    const indices = tf.tensor1d(rows, 'int32');
    const state = tidyTree(() => this.#model.reorder(this.#state, indices));
    const encoded = withSource ? tidyTree(() => gatherRows(this.#encoded, indices)) : this.#encoded;
    indices.dispose();
    const kept = tensorSet(state, encoded);
    disposeReplaced(this.#state, kept);
    if (withSource) disposeReplaced(this.#encoded, kept);
    this.#state = state;
    this.#encoded = encoded;
    this.#encodedTensors = tensorSet(encoded);
  }

  dispose(): void {
    disposeReplaced(this.#state, this.#encodedTensors);
    disposeTree(this.#encoded);
  }
}
