import { assertBoolean, assertOneOf, dense, invalidArgument } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { dotScores } from '../scores';
import {
  AttentionLayer,
  type AttentionLayerArgs,
  type LayerInputs,
  type LayerShapes,
  splitLayerInputs,
} from './attention-layer';

/** Luong score functions the layer offers. */
export type LuongScore = 'dot' | 'general' | 'scaled-dot';

/** Options of the `LuongAttention` layer. */
export interface LuongAttentionArgs extends AttentionLayerArgs {
  /** `'dot'` qᵀk, `'general'` qᵀWk, `'scaled-dot'` qᵀk/√dk. Defaults to `'dot'`. */
  score?: LuongScore;
  /** Multiply scores by a learned scalar g, initialised to 1 (Keras `use_scale`). Defaults to false. */
  scale?: boolean;
}

/**
 * Luong (multiplicative) attention as a `tf.layers` layer. With the default
 * `score: 'dot'` it is Keras' `Attention` layer; `'general'` adds a learned
 * `kernel [dq, dk]`, `'scaled-dot'` divides by √dk. Output `[b, T, dv]` (plus
 * weights `[b, T, S]` with `returnAttentionScores`).
 */
export class LuongAttention extends AttentionLayer {
  static className = 'HeedLuongAttention';
  readonly score: LuongScore;
  readonly scale: boolean;
  #kernel: tfl.LayerVariable | undefined;
  #g: tfl.LayerVariable | undefined;

  constructor(args: LuongAttentionArgs = {}) {
    const { score, scale, ...rest } = args;
    super('LuongAttention', rest);
    this.score = assertOneOf('LuongAttention', 'score', score ?? 'dot', [
      'dot',
      'general',
      'scaled-dot',
    ]);
    this.scale = assertBoolean('LuongAttention', 'scale', scale ?? false);
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shapes = splitLayerInputs('LuongAttention', inputShape as tfl.Shape[], (s) => s.length);
    const queryDim = shapes.query[2] as number;
    const keyDim = shapes.key[2] as number;
    if (this.score !== 'general' && queryDim !== keyDim) {
      throw invalidArgument(
        'LuongAttention',
        'query size',
        `must equal the key size (${keyDim}) for the ${this.score} score`,
        queryDim,
      );
    }
    this.#kernel =
      this.score === 'general'
        ? this.addWeight('kernel', [queryDim, keyDim], 'float32', this.glorot(0))
        : undefined;
    this.#g = this.scale ? this.addWeight('g', [], 'float32', tfl.initializers.ones()) : undefined;
    this.built = true;
  }

  protected scores({ query, key }: LayerInputs): tf.Tensor {
    const keyDim = key.shape[2];
    const projected = this.#kernel ? dense(query, this.#kernel.read()) : query; // [b, T, dk]
    const scaled =
      this.score === 'scaled-dot' ? tf.mul(projected, 1 / Math.sqrt(keyDim)) : projected;
    const scores = dotScores(scaled as tf.Tensor3D, key); // [b, T, S]
    return this.#g ? tf.mul(scores, this.#g.read()) : scores;
  }

  protected outputFeatures(shapes: LayerShapes): number {
    return shapes.value[2] as number;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), score: this.score, scale: this.scale };
  }
}
tf.serialization.registerClass(LuongAttention);
