import { collectTensors } from '@heed/core';
import type * as tf from '@tensorflow/tfjs-core';

/** Every tensor of the given trees (or sets of tensors), for identity checks. */
export function tensorSet(...trees: unknown[]): Set<tf.Tensor> {
  const set = new Set<tf.Tensor>();
  for (const tree of trees) {
    const tensors = tree instanceof Set ? (tree as Set<tf.Tensor>) : collectTensors(tree);
    for (const tensor of tensors) set.add(tensor);
  }
  return set;
}

/**
 * Disposes the tensors of `previous` that are not in `kept`: a model's `step`
 * or `reorder` may pass some state tensors through unchanged, or share them
 * with the `Encoded`, and those must survive.
 */
export function disposeReplaced(previous: unknown, kept: Set<tf.Tensor>): void {
  for (const tensor of collectTensors(previous)) if (!kept.has(tensor)) tensor.dispose();
}
