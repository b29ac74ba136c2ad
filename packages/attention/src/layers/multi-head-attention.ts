import { assertBoolean, assertPositiveInteger, dense } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { visibleQueries } from '../attend-scores';
import { mergeHeads, splitHeads } from '../heads';
import { dotScores } from '../scores';
import {
  AttentionLayer,
  type AttentionLayerArgs,
  type LayerInputs,
  type LayerShapes,
  splitLayerInputs,
} from './attention-layer';

/** Options of the `MultiHeadAttention` layer (Keras' names and defaults). */
export interface MultiHeadAttentionArgs extends AttentionLayerArgs {
  /** Number of heads h. */
  numHeads: number;
  /** Size of each head for query and key. */
  keyDim: number;
  /** Size of each head for value. Defaults to `keyDim`. */
  valueDim?: number;
  /** Output features. Defaults to the query's feature size. */
  outputDim?: number;
  /** Biases of the projections. Defaults to true. */
  useBias?: boolean;
}

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017) as a
 * `tf.layers` layer with Keras' `MultiHeadAttention` arguments: per-head
 * `keyDim`/`valueDim`, projections `query_kernel [dq, h·keyDim]`,
 * `key_kernel [dk, h·keyDim]`, `value_kernel [dv, h·valueDim]` and
 * `output_kernel [h·valueDim, outputDim]` with biases. Output
 * `[b, T, outputDim]` (plus per-head weights `[b, h, T, S]` with
 * `returnAttentionScores`); a query row with no visible key outputs zeros.
 */
export class MultiHeadAttention extends AttentionLayer {
  static className = 'HeedMultiHeadAttention';
  readonly numHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly outputDim: number | undefined;
  readonly useBias: boolean;
  #kernels: tfl.LayerVariable[] = [];
  #biases: (tfl.LayerVariable | undefined)[] = [];

  constructor(args: MultiHeadAttentionArgs) {
    const { numHeads, keyDim, valueDim, outputDim, useBias, ...rest } = args;
    super('MultiHeadAttention', rest);
    this.numHeads = assertPositiveInteger('MultiHeadAttention', 'numHeads', numHeads);
    this.keyDim = assertPositiveInteger('MultiHeadAttention', 'keyDim', keyDim);
    this.valueDim = assertPositiveInteger('MultiHeadAttention', 'valueDim', valueDim ?? keyDim);
    this.outputDim =
      outputDim === undefined || outputDim === null
        ? undefined
        : assertPositiveInteger('MultiHeadAttention', 'outputDim', outputDim);
    this.useBias = assertBoolean('MultiHeadAttention', 'useBias', useBias ?? true);
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shapes = splitLayerInputs(
      'MultiHeadAttention',
      inputShape as tfl.Shape[],
      (s) => s.length,
    );
    const queryDim = shapes.query[2] as number;
    const valueDim = shapes.value[2] as number;
    const keyDim = shapes.key[2] as number;
    const h = this.numHeads;
    const layout: [string, number, number][] = [
      ['query', queryDim, h * this.keyDim],
      ['key', keyDim, h * this.keyDim],
      ['value', valueDim, h * this.valueDim],
      ['output', h * this.valueDim, this.outputDim ?? queryDim],
    ];
    layout.forEach(([name, inFeatures, outFeatures], index) => {
      this.#kernels.push(
        this.addWeight(`${name}_kernel`, [inFeatures, outFeatures], 'float32', this.glorot(index)),
      );
      this.#biases.push(
        this.useBias
          ? this.addWeight(`${name}_bias`, [outFeatures], 'float32', tfl.initializers.zeros())
          : undefined,
      );
    });
    this.built = true;
  }

  #project(x: tf.Tensor3D, index: number): tf.Tensor3D {
    return dense(x, this.#kernels[index]!.read(), this.#biases[index]?.read());
  }

  protected scores({ query, key }: LayerInputs): tf.Tensor {
    const queries = tf.mul(this.#project(query, 0), 1 / Math.sqrt(this.keyDim)); // [b, T, h·kd]
    const queryHeads = splitHeads(queries as tf.Tensor3D, this.numHeads); // [b, h, T, kd]
    const keyHeads = splitHeads(this.#project(key, 1), this.numHeads); // [b, h, S, kd]
    return dotScores(queryHeads, keyHeads); // [b, h, T, S]
  }

  protected override contextValues({ value }: LayerInputs): tf.Tensor {
    return splitHeads(this.#project(value, 2), this.numHeads); // [b, h, S, vd]
  }

  protected override finishOutput(context: tf.Tensor, mask: tf.Tensor | undefined): tf.Tensor {
    const output = this.#project(mergeHeads(context as tf.Tensor4D), 3); // [b, T, outputDim]
    return mask ? tf.mul(output, visibleQueries(mask)) : output;
  }

  protected outputFeatures(shapes: LayerShapes): number {
    return this.outputDim ?? (shapes.query[2] as number);
  }

  protected override scoreRank(): number {
    return 4;
  }

  protected override headCount(): number {
    return this.numHeads;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      ...(this.outputDim === undefined ? {} : { outputDim: this.outputDim }),
      useBias: this.useBias,
    };
  }
}
tf.serialization.registerClass(MultiHeadAttention);
