import {
  assertPositiveInteger,
  assertShape,
  initializers,
  invalidArgument,
  Module,
  type OutputProjection,
  PAD_ID,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { linearKernel } from './ops/linear';
import { type OutputLossResult, outputCrossEntropy } from './ops/output-cross-entropy';

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

  /**
   * The mean cross-entropy of this layer's logits against `targets` over the
   * real (non-PAD) tokens, fused so that the logits never become
   * log-probabilities in memory (see `outputCrossEntropy`). The same value
   * and gradients as `maskedCrossEntropy(this.apply(hidden), targets)` from
   * @heed/losses, at a fraction of the cost on wasm.
   * @param hidden `[..., H]`, e.g. `forwardHidden(...).hidden` `[b, T, H]`.
   * @param targets int32 ids shaped like `hidden` without its last axis.
   * @param options `padId`: targets to ignore. Defaults to 0 (PAD).
   */
  crossEntropy(
    hidden: tf.Tensor,
    targets: tf.Tensor,
    options: { padId?: number } = {},
  ): OutputLossResult {
    assertShape('OutputLayer.crossEntropy', 'hidden', hidden.shape, [
      ...targets.shape,
      this.inputDim,
    ]);
    if (targets.dtype !== 'int32') {
      throw invalidArgument(
        'OutputLayer.crossEntropy',
        'targets.dtype',
        "must be 'int32'",
        targets.dtype,
      );
    }
    const ids = targets.dataSync() as Int32Array;
    const flat = tf.reshape(hidden, [-1, this.inputDim]) as tf.Tensor2D; // [N, H]
    try {
      return outputCrossEntropy(
        flat,
        this.kernel as tf.Tensor2D,
        this.bias as tf.Tensor1D,
        ids,
        options.padId ?? PAD_ID,
      );
    } finally {
      flat.dispose();
    }
  }

  getConfig() {
    return { inputDim: this.inputDim, vocabSize: this.vocabSize, seed: this.seed };
  }
}
