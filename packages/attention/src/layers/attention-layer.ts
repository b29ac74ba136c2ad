import { assertBoolean, assertInRange, HeedError, Random } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { attendScores } from '../attend-scores';

/** The standard arguments of a TF.js layer (`name`, `trainable`, `inputShape`, …). */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;

/** Options every heed attention layer has. */
export interface AttentionLayerArgs extends LayerArgs {
  /** Dropout rate on the attention weights while training. Defaults to 0. */
  dropout?: number;
  /** Mask key j from query i when j > i + (S − T) (decoder self-attention). Defaults to false. */
  causal?: boolean;
  /** Also output the attention weights. Defaults to false. */
  returnAttentionScores?: boolean;
  /** Seed of the weight initialisers and dropout. Defaults to 0. */
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

/** Input shapes sorted by `splitLayerInputs`. */
export type LayerShapes = ReturnType<typeof splitLayerInputs<tfl.Shape>>;

/** Inputs as the layers take them: `[query, value]` or `[query, value, key]`. */
export interface LayerInputs {
  /** `[b, T, dq]`. */
  query: tf.Tensor3D;
  /** `[b, S, dv]`. */
  value: tf.Tensor3D;
  /** `[b, S, dk]`; the value when not given. */
  key: tf.Tensor3D;
}

/**
 * The Keras-style base of heed's `tf.layers` attention layers. Inputs are
 * `[query, value]` or `[query, value, key]` (as Keras' `Attention`), optionally
 * followed by a value mask `[b, S]` (1 = real). Padded values get zero weight.
 * A Keras-style `kwargs.mask = [queryMask, valueMask]` is used when no mask
 * input is given, but TF.js' `predict` only forwards the first input's mask,
 * so pass the value mask as an input. The output keeps the query's mask. Subclasses supply the scores (and, for multi-head
 * attention, the value projection and output); masking, softmax, dropout and
 * the weighted sum are heed's `attendScores`.
 */
export abstract class AttentionLayer extends tfl.layers.Layer {
  readonly dropout: number;
  readonly causal: boolean;
  readonly returnAttentionScores: boolean;
  readonly seed: number;
  readonly #dropoutRandom: Random;

  constructor(owner: string, args: AttentionLayerArgs) {
    const { dropout, causal, returnAttentionScores, seed, ...layerArgs } = args;
    super(layerArgs);
    this.dropout = assertInRange(owner, 'dropout', dropout ?? 0, 0, 0.999999);
    this.causal = assertBoolean(owner, 'causal', causal ?? false);
    this.returnAttentionScores = assertBoolean(
      owner,
      'returnAttentionScores',
      returnAttentionScores ?? false,
    );
    if (seed !== undefined && !Number.isInteger(seed)) {
      throw new HeedError(`${owner}: seed must be an integer. Received: seed=${seed}`);
    }
    this.seed = seed ?? 0;
    this.supportsMasking = true;
    this.#dropoutRandom = new Random(this.seed).fork('dropout');
  }

  /** A seeded Glorot-uniform initialiser, distinct for each weight index. */
  protected glorot(index: number): ReturnType<typeof tfl.initializers.glorotUniform> {
    return tfl.initializers.glorotUniform({ seed: this.seed * 101 + index });
  }

  /** @returns `[b, T, S]` or `[b, h, T, S]`. */
  protected abstract scores(inputs: LayerInputs): tf.Tensor;

  /** What the weights average. Defaults to the value input. */
  protected contextValues(inputs: LayerInputs): tf.Tensor {
    return inputs.value;
  }

  /** Turns the weighted values into the output. Defaults to returning them as is. */
  protected finishOutput(context: tf.Tensor, _mask: tf.Tensor | undefined): tf.Tensor {
    return context;
  }

  /** Output features for the given input shapes. */
  protected abstract outputFeatures(shapes: LayerShapes): number;

  /** Rank of the returned attention scores (3, or 4 with heads). */
  protected scoreRank(): number {
    return 3;
  }

  override call(
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: Record<string, unknown>,
  ): tf.Tensor | tf.Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const split = splitLayerInputs(this.getClassName(), list, (tensor) => tensor.rank);
    const training = kwargs.training === true;
    const dropoutSeed = training && this.dropout > 0 ? this.#dropoutRandom.nextUint32() : undefined;
    return tf.tidy(() => {
      const layerInputs = split as unknown as LayerInputs;
      // An explicit mask input wins; otherwise a Keras-style [queryMask, valueMask] list.
      // (TF.js' predict passes only the first input's mask, so an explicit mask is the reliable way.)
      const masks = kwargs.mask;
      const valueMask =
        split.valueMask ?? (Array.isArray(masks) ? (masks[1] as tf.Tensor | undefined) : undefined);
      const { weights, context, mask } = attendScores(
        this.scores(layerInputs),
        this.contextValues(layerInputs),
        {
          ...(valueMask ? { mask: tf.cast(valueMask, 'float32') } : {}),
          ...(this.causal ? { causal: true } : {}),
          ...(dropoutSeed === undefined
            ? {}
            : { dropout: { rate: this.dropout, seed: dropoutSeed } }),
        },
      );
      const output = this.finishOutput(context, mask);
      return this.returnAttentionScores ? [output, weights] : output;
    });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    const shapes = splitLayerInputs(
      this.getClassName(),
      inputShape as tfl.Shape[],
      (s) => s.length,
    );
    const { query: queryShape, value: valueShape } = shapes;
    const output: tfl.Shape = [queryShape[0]!, queryShape[1]!, this.outputFeatures(shapes)];
    if (!this.returnAttentionScores) return output;
    const heads = this.scoreRank() === 4 ? [this.headCount()] : [];
    return [output, [queryShape[0]!, ...heads, queryShape[1]!, valueShape[1]!]];
  }

  /** Number of heads of a 4-D score output. */
  protected headCount(): number {
    return 1;
  }

  override computeMask(
    _inputs: tf.Tensor | tf.Tensor[],
    mask?: tf.Tensor | tf.Tensor[],
  ): tf.Tensor | tf.Tensor[] {
    const queryMask = (Array.isArray(mask) ? mask[0] : undefined) ?? null;
    return (this.returnAttentionScores ? [queryMask, null] : queryMask) as tf.Tensor;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      dropout: this.dropout,
      causal: this.causal,
      returnAttentionScores: this.returnAttentionScores,
      seed: this.seed,
    };
  }
}
