import type * as tf from '@tensorflow/tfjs-core';
import type { KernelHost } from '../kernel-host';
import type { AdamStepAttributes } from './adam-step';

/**
 * `HeedAdamStep`: inputs `weight`, `gradient`, `firstMoment`, `secondMoment`
 * (one shape); attributes as `AdamStepAttributes`. Outputs the new weight,
 * first and second moments, computed in one pass instead of the dozen
 * element-wise ops (and intermediate tensors) of the composite.
 */
export function adamStepForward(
  host: KernelHost,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo[] {
  const named = inputs as Record<string, tf.TensorInfo>;
  const { beta1, beta2, epsilon, stepSize, secondMomentScale, weightScale } =
    attrs as unknown as AdamStepAttributes;
  const shape = named.weight!.shape;
  const outputs = [host.empty(shape), host.empty(shape), host.empty(shape)];
  // Views: taken after the outputs are allocated, which may move the wasm heap.
  const w = host.view(named.weight!);
  const g = host.view(named.gradient!);
  const m = host.view(named.firstMoment!);
  const v = host.view(named.secondMoment!);
  const [nextWeight, nextFirst, nextSecond] = outputs.map((info) => host.view(info)) as [
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const size = w.length;
  // Rounded to float32 like the composite's scalars.
  const keep1 = Math.fround(beta1);
  const take1 = Math.fround(1 - beta1);
  const keep2 = Math.fround(beta2);
  const take2 = Math.fround(1 - beta2);
  for (let i = 0; i < size; i++) {
    const gradient = g[i]!;
    const first = Math.fround(keep1 * m[i]! + take1 * gradient);
    const second = Math.fround(keep2 * v[i]! + take2 * (gradient * gradient));
    nextFirst[i] = first;
    nextSecond[i] = second;
    const denominator = Math.sqrt(second) / secondMomentScale + epsilon;
    nextWeight[i] = weightScale * w[i]! - (first / denominator) * stepSize;
  }
  return outputs;
}
