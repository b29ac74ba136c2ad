import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';

/** One tensor of a checkpoint spec: values in row-major order (a scalar has one). */
export interface TensorSpec {
  dtype: 'float32' | 'int32' | 'bool';
  shape: number[];
  values: number[];
}

/** A checkpoint described in JSON (`src/__fixtures__/known-checkpoint.json`). */
export interface CheckpointSpec {
  config: unknown;
  metadata?: Record<string, string>;
  tensors: Record<string, TensorSpec>;
  extraTensors?: Record<string, TensorSpec>;
}

export async function readCheckpointSpec(file: string | URL): Promise<CheckpointSpec> {
  return JSON.parse(await readFile(file, 'utf8')) as CheckpointSpec;
}

/** The spec's tensors as TF.js tensors (the caller disposes them). */
export function tensorsFromSpec(specs: Record<string, TensorSpec> = {}): Map<string, tf.Tensor> {
  return new Map(
    Object.entries(specs).map(([name, spec]) => [
      name,
      tf.tensor(spec.values, spec.shape, spec.dtype),
    ]),
  );
}
