import { assertOneOf, invalidArgument } from '@heed/core';
import {
  AdamOptimizer,
  type AdamOptions,
  AdamWOptimizer,
  type AdamWOptions,
} from './adam-optimizer';
import { SgdOptimizer, type SgdOptions } from './sgd-optimizer';
import type { SlotOptimizer } from './slot-optimizer';

/** An optimiser by name with its options, e.g. `{ type: 'adamw', learningRate: 5e-4 }`. */
export type OptimizerConfig =
  | ({ type: 'adam' } & AdamOptions)
  | ({ type: 'adamw' } & AdamWOptions)
  | ({ type: 'sgd' } & SgdOptions);

export const OPTIMIZER_TYPES = ['adam', 'adamw', 'sgd'] as const;

/** Builds the optimiser a config names. */
export function createOptimizer(config: OptimizerConfig): SlotOptimizer {
  if (typeof config !== 'object' || config === null) {
    throw invalidArgument('createOptimizer', 'config', 'must be an object', config);
  }
  const { type, ...options } = config;
  switch (assertOneOf('createOptimizer', 'type', type, OPTIMIZER_TYPES)) {
    case 'adam':
      return new AdamOptimizer(options);
    case 'adamw':
      return new AdamWOptimizer(options);
    case 'sgd':
      return new SgdOptimizer(options);
  }
}
