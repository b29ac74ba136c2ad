import { type DecoderState, type Encoded, type StepResult, tidyTree } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { TabularModel } from './tabular-model';

interface CachedState {
  readonly [key: string]: tf.Tensor;
  /** `[b, t]` int32: every token fed so far, growing by one column per step. */
  readonly cache: tf.Tensor2D;
}

/**
 * `TabularModel`'s table behind a Transformer-shaped state: instead of a
 * fixed-size recurrent state, each row keeps a cache of every token fed so far
 * (`[b, t]`, one column longer after each step, as a Transformer's key/value
 * cache); the step reads its position from the cache length and its previous
 * token from the cache's last column. Beam search must give both models the
 * same results.
 */
export class CachedTabularModel extends TabularModel {
  override encode(source: tf.Tensor2D, sourceLengths: tf.Tensor1D): Encoded {
    const encoded = super.encode(source, sourceLengths);
    const { step } = encoded.initialState as { step: tf.Tensor };
    step.dispose();
    const cache = tf.zeros([source.shape[0], 0], 'int32') as tf.Tensor2D; // [b, 0]
    return { ...encoded, initialState: { cache } satisfies CachedState };
  }

  override step(previousTokens: tf.Tensor1D, state: DecoderState, encoded: Encoded): StepResult {
    return tidyTree(() => {
      const { cache } = state as CachedState;
      const b = previousTokens.shape[0];
      const grown = tf.concat([cache, tf.reshape(previousTokens, [b, 1])], 1) as tf.Tensor2D; // [b, t+1]
      const position = grown.shape[1] - 1;
      const last = tf.reshape(tf.slice(grown, [0, position], [b, 1]), [b]) as tf.Tensor1D; // [b]
      const step = tf.fill([b], position, 'int32') as tf.Tensor1D;
      const next: CachedState = { cache: grown };
      return { ...this.lookup(last, step, encoded), state: next };
    });
  }
}
