import { assertBoolean, assertInRange, assertKnownKeys, HeedError } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { assertNonNegative } from './adam-optimizer';
import { SlotOptimizer } from './slot-optimizer';

/** Options of `SgdOptimizer`. */
export interface SgdOptions {
  /** Defaults to 0.01. */
  learningRate?: number;
  /** μ: 0 is plain SGD. Defaults to 0. */
  momentum?: number;
  /** Nesterov momentum (needs μ > 0). Defaults to false. */
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent with optional (Nesterov) momentum, as
 * `torch.optim.SGD` (dampening 0): `b ← μ·b + g`, `w ← w − lr·b`, or with
 * Nesterov `w ← w − lr·(g + μ·b)`. The momentum buffer is its one slot.
 */
export class SgdOptimizer extends SlotOptimizer {
  static get className(): string {
    return 'HeedSGD';
  }

  readonly momentum: number;
  readonly nesterov: boolean;
  protected readonly slotNames: readonly string[];

  constructor(options: SgdOptions = {}) {
    super(0);
    const owner = 'SgdOptimizer';
    assertKnownKeys(owner, options, ['learningRate', 'momentum', 'nesterov']);
    this.learningRate = assertNonNegative(owner, 'learningRate', options.learningRate ?? 0.01);
    this.momentum = assertInRange(owner, 'momentum', options.momentum ?? 0, 0, 1);
    this.nesterov = assertBoolean(owner, 'nesterov', options.nesterov ?? false);
    if (this.nesterov && this.momentum === 0) {
      throw new HeedError(`${owner}: nesterov needs momentum > 0. Received: momentum=0`);
    }
    this.slotNames = this.momentum > 0 ? ['momentum'] : [];
  }

  protected updateVariable(
    variable: tf.Variable,
    gradient: tf.Tensor,
    [buffer]: readonly tf.Variable[],
  ): void {
    let direction = gradient;
    if (buffer) {
      const momentum = tf.add(tf.mul(buffer, this.momentum), gradient);
      buffer.assign(momentum);
      direction = this.nesterov ? tf.add(gradient, tf.mul(momentum, this.momentum)) : momentum;
    }
    variable.assign(tf.sub(variable, tf.mul(direction, this.learningRate)));
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, momentum: this.momentum, nesterov: this.nesterov };
  }
}
