import * as tf from '@tensorflow/tfjs-core';

/** A tensor or a nested array/record of tensors (decoder states, attention memories). */
export type TensorTree =
  | tf.Tensor
  | readonly TensorTree[]
  | { readonly [key: string]: TensorTree | number | string | boolean | undefined };

/** Applies `fn` to every tensor in `tree`, keeping its structure and non-tensor leaves. */
export function mapTensors<T>(tree: T, fn: (tensor: tf.Tensor) => tf.Tensor): T {
  if (tree instanceof tf.Tensor) return fn(tree) as T;
  if (Array.isArray(tree)) return tree.map((item) => mapTensors(item, fn)) as T;
  if (tree !== null && typeof tree === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(tree)) out[key] = mapTensors(value, fn);
    return out as T;
  }
  return tree;
}

/** Every tensor in `tree`, depth first. */
export function collectTensors(tree: unknown, out: tf.Tensor[] = []): tf.Tensor[] {
  if (tree instanceof tf.Tensor) out.push(tree);
  else if (Array.isArray(tree)) for (const item of tree) collectTensors(item, out);
  else if (tree !== null && typeof tree === 'object') {
    for (const value of Object.values(tree)) collectTensors(value, out);
  }
  return out;
}

/** Disposes every tensor in `tree`. */
export function disposeTree(tree: unknown): void {
  for (const tensor of collectTensors(tree)) tensor.dispose();
}

/**
 * Picks (or repeats) batch rows of every tensor in `tree` along axis 0 — how
 * beam search tiles encoder memories and reorders decoder states. Every tensor
 * in the tree must be batch-major.
 * @param indices `[b']` int32 row indices.
 */
export function gatherRows<T>(tree: T, indices: tf.Tensor1D): T {
  return mapTensors(tree, (tensor) => tf.gather(tensor, indices, 0));
}

/**
 * `tf.tidy` for functions that return any tensor tree (interfaces, nested
 * records with numbers): every tensor reachable from the result is kept,
 * everything else made inside is disposed.
 */
export function tidyTree<T>(fn: () => T): T {
  return tf.tidy(fn as () => tf.TensorContainer) as T;
}
