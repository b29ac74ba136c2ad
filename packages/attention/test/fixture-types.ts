import * as tf from '@tensorflow/tfjs-core';

/** A tensor as the fixture generator writes it. */
export interface FixtureTensor {
  shape: number[];
  data: number[];
}

/** One reference case from `scripts/make_fixtures.py`. */
export interface AttentionCase {
  name: string;
  config: Record<string, unknown> & { type: string; queryDim: number; keyDim: number };
  parameters: Record<string, FixtureTensor>;
  inputs: {
    query: FixtureTensor;
    keys: FixtureTensor;
    values: FixtureTensor;
    mask: FixtureTensor;
    lengths: number[];
  };
  expected: { context: FixtureTensor; weights: FixtureTensor };
  headWeights?: FixtureTensor;
  positions?: FixtureTensor;
  centres?: FixtureTensor;
  causal?: boolean;
}

/** Builds a float32 tensor from a fixture tensor. */
export function fromFixture<R extends tf.Rank>(value: FixtureTensor): tf.Tensor<R> {
  return tf.tensor(value.data, value.shape as number[], 'float32') as unknown as tf.Tensor<R>;
}

/** Fixture parameters as the map `Module.assignParameters` takes. */
export function fixtureParameters(
  parameters: Record<string, FixtureTensor>,
): Map<string, tf.Tensor> {
  return new Map(Object.entries(parameters).map(([name, value]) => [name, fromFixture(value)]));
}
