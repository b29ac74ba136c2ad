import { assertBoolean, assertPositiveInteger, dense } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mlpScores } from '../scores';
import {
  AttentionLayer,
  type AttentionLayerArgs,
  type LayerInputs,
  type LayerShapes,
  splitLayerInputs,
} from './attention-layer';

/** Options of the `AdditiveAttention` layer. */
export interface AdditiveAttentionArgs extends AttentionLayerArgs {
  /** Hidden size u of the score network. Defaults to the key size. */
  units?: number;
  /** Add the bias b. Defaults to true. */
  useBias?: boolean;
  /** Use g·v/‖v‖ in place of v (TF Addons `normalize=True`). Defaults to false. */
  normalize?: boolean;
}

/**
 * Bahdanau attention as a `tf.layers` layer: `vᵀ tanh(q·W_q + k·W_k + b)`, then
 * masked softmax over the value positions and the weighted sum of values.
 * Unlike Keras' `AdditiveAttention` (which has no projections), this is the
 * paper's score with learned `query_kernel [dq, u]`, `key_kernel [dk, u]`,
 * `bias [u]`, `v [u]` (and `g` with `normalize`), as TF Addons'
 * `BahdanauAttention`. Output `[b, T, dv]` (plus weights `[b, T, S]` with
 * `returnAttentionScores`).
 */
export class AdditiveAttention extends AttentionLayer {
  static className = 'HeedAdditiveAttention';
  readonly units: number | undefined;
  readonly useBias: boolean;
  readonly normalize: boolean;
  #queryKernel: tfl.LayerVariable | undefined;
  #keyKernel: tfl.LayerVariable | undefined;
  #bias: tfl.LayerVariable | undefined;
  #v: tfl.LayerVariable | undefined;
  #g: tfl.LayerVariable | undefined;

  constructor(args: AdditiveAttentionArgs = {}) {
    const { units, useBias, normalize, ...rest } = args;
    super('AdditiveAttention', rest);
    this.units =
      units === undefined || units === null
        ? undefined
        : assertPositiveInteger('AdditiveAttention', 'units', units);
    this.useBias = assertBoolean('AdditiveAttention', 'useBias', useBias ?? true);
    this.normalize = assertBoolean('AdditiveAttention', 'normalize', normalize ?? false);
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shapes = splitLayerInputs(
      'AdditiveAttention',
      inputShape as tfl.Shape[],
      (s) => s.length,
    );
    const queryDim = shapes.query[2] as number;
    const keyDim = shapes.key[2] as number;
    const units = this.units ?? keyDim;
    this.#queryKernel = this.addWeight(
      'query_kernel',
      [queryDim, units],
      'float32',
      this.glorot(0),
    );
    this.#keyKernel = this.addWeight('key_kernel', [keyDim, units], 'float32', this.glorot(1));
    this.#bias = this.useBias
      ? this.addWeight('bias', [units], 'float32', tfl.initializers.zeros())
      : undefined;
    this.#v = this.addWeight('v', [units], 'float32', this.glorot(2));
    this.#g = this.normalize
      ? this.addWeight(
          'g',
          [],
          'float32',
          tfl.initializers.constant({ value: Math.sqrt(1 / units) }),
        )
      : undefined;
    this.built = true;
  }

  protected scores({ query, key }: LayerInputs): tf.Tensor {
    const queryFeatures = dense(query, this.#queryKernel!.read()); // [b, T, u]
    const keyFeatures = dense(key, this.#keyKernel!.read(), this.#bias?.read()); // [b, S, u]
    const v = this.#v!.read();
    const weightNormalized = this.#g ? tf.mul(this.#g.read(), tf.div(v, tf.norm(v))) : v;
    return mlpScores(queryFeatures, keyFeatures, weightNormalized as tf.Tensor1D);
  }

  protected outputFeatures(shapes: LayerShapes): number {
    return shapes.value[2] as number;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      ...(this.units === undefined ? {} : { units: this.units }),
      useBias: this.useBias,
      normalize: this.normalize,
    };
  }
}
tf.serialization.registerClass(AdditiveAttention);
