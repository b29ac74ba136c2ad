import { Dense, type OutputProjection } from '@heed/core';
import type * as tf from '@tensorflow/tfjs-core';

/**
 * The decoder's output layer `logits = x · kernel + bias`: a core `Dense`
 * with `kernel [H, V]`, `bias [V]` (core's `OutputProjection` layout, so
 * sampled softmax and `projectedCrossEntropy` from @heed/losses use the same
 * weights), initialised like PyTorch's `nn.Linear(H, V)`. A PyTorch
 * `output.weight [V, H]` loads transposed (`loadTorchStateDict` does it).
 */
export class OutputLayer extends Dense implements OutputProjection {
  declare readonly bias: tf.Variable;

  constructor(inputDim: number, vocabSize: number, seed = 0) {
    super({ inputDim, outputDim: vocabSize, seed });
  }

  /** V, the number of classes. */
  get vocabSize(): number {
    return this.outputDim;
  }
}
