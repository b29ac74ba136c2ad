import { assertPositiveInteger, initializers, Module, type OutputProjection } from '@heed/core';
import type * as tf from '@tensorflow/tfjs-core';
import { linearKernel } from './ops/linear';

/**
 * The decoder's output layer `logits = x · kernel + bias`, `kernel [H, V]`,
 * `bias [V]` (core's `OutputProjection` layout, so sampled softmax can use the
 * same weights), initialised like PyTorch's `nn.Linear(H, V)`. A PyTorch
 * `output.weight [V, H]` loads transposed (`loadTorchStateDict` does it).
 */
export class OutputLayer extends Module implements OutputProjection {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  readonly inputDim: number;
  readonly vocabSize: number;

  constructor(inputDim: number, vocabSize: number, seed = 0) {
    super(seed);
    this.inputDim = assertPositiveInteger('OutputLayer', 'inputDim', inputDim);
    this.vocabSize = assertPositiveInteger('OutputLayer', 'vocabSize', vocabSize);
    const init = initializers.pytorch(inputDim);
    this.kernel = this.addParameter('kernel', [inputDim, vocabSize], init);
    this.bias = this.addParameter('bias', [vocabSize], init);
  }

  /** @param x `[..., H]` → `[..., V]`, over all positions in one matMul. */
  apply<T extends tf.Tensor>(x: T): T {
    return linearKernel(x, this.kernel as tf.Tensor2D, this.bias as tf.Tensor1D);
  }

  getConfig() {
    return { inputDim: this.inputDim, vocabSize: this.vocabSize, seed: this.seed };
  }
}
