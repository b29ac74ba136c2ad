import { type Attention, assertBoolean, HeedError, type Module } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { AttentionSpec } from '../config';
import { checkAttentionSpec, createAttention } from '../registry';
import { ParameterWeight } from './parameter-weight';

/** The standard arguments of a TF.js layer (`name`, `trainable`, `inputShape`, …). */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;

/** Options of `AttentionLayer`. */
export interface AttentionLayerArgs extends LayerArgs {
  /**
   * Any registered attention and its options, e.g. `{ type: 'additive', units: 64 }`;
   * the sizes come from the inputs.
   */
  attention: AttentionSpec;
  /** Mask key j from query i when j > i + (S − T) (decoder self-attention). Defaults to false. */
  causal?: boolean;
  /** Also output the attention weights `[b, T, S]`. Defaults to false. */
  returnAttentionScores?: boolean;
  /** Seed of the attention's initialisers and dropout. Defaults to 0. */
  seed?: number;
}

/**
 * Sorts a layer's inputs (tensors or shapes) into query, value, key and value
 * mask: `[query, value]`, then optionally a rank-3 key and/or a rank-2 mask.
 */
export function splitLayerInputs<T>(
  owner: string,
  items: T[],
  rank: (item: T) => number,
): { query: T; value: T; key: T; valueMask: T | undefined } {
  const [query, value, ...rest] = items;
  const keys = rest.filter((item) => rank(item) === 3);
  const masks = rest.filter((item) => rank(item) === 2);
  if (
    query === undefined ||
    value === undefined ||
    keys.length > 1 ||
    masks.length > 1 ||
    keys.length + masks.length !== rest.length
  ) {
    throw new HeedError(
      `${owner}: inputs must be [query, value], optionally followed by a key [b, S, dk] and/or a value mask [b, S]. Received: ${items.length} input(s)`,
    );
  }
  return { query, value, key: keys[0] ?? value, valueMask: masks[0] };
}

/**
 * Any registered attention as a Keras-style `tf.layers` layer: the layer
 * builds the variant with `createAttention` from its input sizes and calls
 * its `prepare` and `attend`, so it is the same implementation with the same
 * parameters (names such as `W1`, `W2`, `b`, `v`; PyTorch layout
 * `[out, in]`) as the module, and `model.fit` trains them.
 *
 * Inputs are `[query, value]` or `[query, value, key]` (as Keras'
 * `Attention`), optionally followed by a value mask `[b, S]` (1 = real); a
 * Keras-style `kwargs.mask = [queryMask, valueMask]` is used when no mask
 * input is given (TF.js' `predict` forwards only the first input's mask, so
 * pass the value mask as an input). Output `[b, T, contextDim]`, plus the
 * weights `[b, T, S]` (the mean over heads for multihead) with
 * `returnAttentionScores`. Registered for `model.save` → `tf.loadLayersModel`
 * under `HeedAttention`; a user's variant must be registered before loading.
 */
export class AttentionLayer extends tfl.layers.Layer {
  static className = 'HeedAttention';
  readonly attention: AttentionSpec;
  readonly causal: boolean;
  readonly returnAttentionScores: boolean;
  readonly seed: number;
  #module: (Attention & Module) | undefined;

  constructor(args: AttentionLayerArgs) {
    const { attention, causal, returnAttentionScores, seed, ...layerArgs } = args;
    super(layerArgs);
    this.attention = checkAttentionSpec(attention, 'AttentionLayer');
    this.causal = assertBoolean('AttentionLayer', 'causal', causal ?? false);
    this.returnAttentionScores = assertBoolean(
      'AttentionLayer',
      'returnAttentionScores',
      returnAttentionScores ?? false,
    );
    if (seed !== undefined && !Number.isInteger(seed)) {
      throw new HeedError(`AttentionLayer: seed must be an integer. Received: seed=${seed}`);
    }
    this.seed = seed ?? 0;
    this.supportsMasking = true;
  }

  /** The attention module, once the layer is built. */
  get module(): Attention & Module {
    if (!this.#module) {
      throw new HeedError(
        `AttentionLayer: '${this.name}' is not built yet; call it on inputs first`,
      );
    }
    return this.#module;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shapes = splitLayerInputs('AttentionLayer', inputShape as tfl.Shape[], (s) => s.length);
    this.#module = createAttention({
      ...this.attention,
      queryDim: shapes.query[2] as number,
      keyDim: shapes.key[2] as number,
      valueDim: shapes.value[2] as number,
      seed: this.seed,
    }) as Attention & Module;
    const weights = [...this.#module.namedParameters()].map(
      ([name, parameter]) => new ParameterWeight(parameter, name),
    );
    this.trainableWeights = weights.filter((weight) => weight.trainable);
    this.nonTrainableWeights = weights.filter((weight) => !weight.trainable);
    this.built = true;
  }

  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: Record<string, unknown>,
  ): tf.Tensor | tf.Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const { query, value, key, valueMask } = splitLayerInputs(
      'AttentionLayer',
      list,
      (tensor) => tensor.rank,
    );
    const masks = kwargs.mask;
    const mask =
      valueMask ?? (Array.isArray(masks) ? (masks[1] as tf.Tensor | undefined) : undefined);
    return tf.tidy(() => {
      const memory = this.module.prepare(
        key as tf.Tensor3D,
        value as tf.Tensor3D,
        mask ? (tf.cast(mask, 'float32') as tf.Tensor2D) : undefined,
      );
      const { context, weights } = this.module.attend(query as tf.Tensor3D, memory, {
        causal: this.causal,
        training: kwargs.training === true,
      });
      return this.returnAttentionScores ? [context, weights] : context;
    });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    const shapes = splitLayerInputs('AttentionLayer', inputShape as tfl.Shape[], (s) => s.length);
    const [batch, T] = shapes.query;
    const output: tfl.Shape = [batch ?? null, T ?? null, this.module.contextDim];
    if (!this.returnAttentionScores) return output;
    return [output, [batch ?? null, T ?? null, shapes.value[1] ?? null]];
  }

  override computeMask(
    _inputs: tf.Tensor | tf.Tensor[],
    mask?: tf.Tensor | tf.Tensor[],
  ): tf.Tensor | tf.Tensor[] {
    const queryMask = (Array.isArray(mask) ? mask[0] : undefined) ?? null;
    return (this.returnAttentionScores ? [queryMask, null] : queryMask) as tf.Tensor;
  }

  /** The module owns the parameters the weights view, so it frees them. */
  protected override disposeWeights(): number {
    const count = this.weights.length;
    this.#module?.dispose();
    return count;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      attention: { ...this.attention },
      causal: this.causal,
      returnAttentionScores: this.returnAttentionScores,
      seed: this.seed,
    };
  }
}

tf.serialization.registerClass(AttentionLayer);
