import type * as tf from '@tensorflow/tfjs-core';
import type { WasmBackend } from './wasm-internals';

type KernelArgs = Parameters<tf.KernelFunc>[0];

/**
 * An `Identity` for the wasm backend that shares its input's data, one more
 * reference to it (as the stock `Reshape` does, and as the cpu and webgl
 * backends' `Identity` do), instead of copying it. TF.js tensors are never
 * written in place, so the two tensors can hold the same values. The
 * engine runs `Identity` for every tensor a kernel keeps for its gradient,
 * so the stock kernel's copy cost a pass over every saved activation at
 * every training step (about 2 % of a step of heed-nmt's default model).
 * Strings go to the stock kernel.
 */
export function createIdentity(stockIdentity: tf.KernelFunc): tf.KernelFunc {
  return (args: KernelArgs) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype === 'string') return stockIdentity(args);
    (args.backend as WasmBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}
