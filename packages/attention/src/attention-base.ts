import {
  type AttendOptions,
  type Attention,
  type AttentionMemory,
  type AttentionResult,
  assertPositiveInteger,
  assertShape,
  HeedError,
  Module,
  paddingMask,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';

/** The sizes every attention is built with. */
export interface AttentionDimensions {
  /** dq. */
  queryDim: number;
  /** dk. */
  keyDim: number;
  /** dv. Defaults to `keyDim`. */
  valueDim?: number;
  /** Defaults to 0. */
  seed?: number;
}

/**
 * What every variant shares: sizes, input checks, and `prepare`, which clones
 * keys and values into a memory, fills in whichever of mask and lengths is
 * missing from the other, and adds the variant's key-side tensors
 * (`prepareCache`). The memory owns its tensors: free it with `disposeTree`.
 */
export abstract class AttentionBase extends Module implements Attention {
  abstract readonly type: string;
  abstract readonly contextDim: number;
  readonly queryDim: number;
  readonly keyDim: number;
  readonly valueDim: number;

  /** @param owner Class name used in error messages. */
  constructor(
    protected readonly owner: string,
    config: AttentionDimensions,
  ) {
    super(config.seed ?? 0);
    this.queryDim = assertPositiveInteger(owner, 'queryDim', config.queryDim);
    this.keyDim = assertPositiveInteger(owner, 'keyDim', config.keyDim);
    this.valueDim = assertPositiveInteger(owner, 'valueDim', config.valueDim ?? config.keyDim);
    if (config.seed !== undefined && !Number.isInteger(config.seed)) {
      throw new HeedError(`${owner}: seed must be an integer. Received: seed=${config.seed}`);
    }
  }

  /**
   * @param keys `[b, S, dk]`.
   * @param values `[b, S, dv]`.
   * @param mask `[b, S]` float32, 1 = real token; derived from `lengths` when absent.
   * @param lengths `[b]` true lengths; derived from `mask` (its row sums) when absent.
   */
  prepare(
    keys: tf.Tensor3D,
    values: tf.Tensor3D,
    mask?: tf.Tensor2D,
    lengths?: tf.Tensor1D,
  ): AttentionMemory {
    const owner = `${this.owner}.prepare`;
    assertShape(owner, 'keys', keys.shape, [null, null, this.keyDim]);
    const [b, S] = keys.shape;
    assertShape(owner, 'values', values.shape, [b, S, this.valueDim]);
    if (mask) assertShape(owner, 'mask', mask.shape, [b, S]);
    if (lengths) assertShape(owner, 'lengths', lengths.shape, [b]);
    return tf.tidy(() => {
      const fullMask = mask
        ? (tf.cast(mask, 'float32') as tf.Tensor2D)
        : lengths
          ? paddingMask(lengths, S)
          : undefined; // [b, S]
      const fullLengths = lengths
        ? (tf.cast(lengths, 'int32') as tf.Tensor1D)
        : fullMask
          ? (tf.cast(tf.sum(fullMask, 1), 'int32') as tf.Tensor1D)
          : undefined; // [b]
      const memory: AttentionMemory = {
        keys: tf.clone(keys),
        values: tf.clone(values),
        ...(fullMask ? { mask: fullMask } : {}),
        ...(fullLengths ? { lengths: fullLengths } : {}),
        cache: this.prepareCache(keys, values, fullMask, fullLengths),
      };
      return memory as unknown as tf.TensorContainer;
    }) as unknown as AttentionMemory;
  }

  /**
   * The variant's key-side tensors, each batch-major. Defaults to none.
   * @param keys `[b, S, dk]`.
   * @param values `[b, S, dv]`.
   * @param mask `[b, S]`.
   * @param lengths `[b]` int32.
   */
  protected prepareCache(
    _keys: tf.Tensor3D,
    _values: tf.Tensor3D,
    _mask: tf.Tensor2D | undefined,
    _lengths: tf.Tensor1D | undefined,
  ): Record<string, tf.Tensor> {
    return {};
  }

  abstract attend(
    query: tf.Tensor3D,
    memory: AttentionMemory,
    options?: AttendOptions,
  ): AttentionResult;

  /** Throws unless `query` is `[b, T, dq]` with the memory's batch size and T ≥ 1. */
  protected checkQuery(query: tf.Tensor3D, memory: AttentionMemory): void {
    const owner = `${this.owner}.attend`;
    assertShape(owner, 'query', query.shape, [memory.keys.shape[0], null, this.queryDim]);
    if ((query.shape[1] ?? 0) < 1) {
      throw new HeedError(
        `${owner}: query must have at least one time step. Received: query.shape=[${query.shape.join(', ')}]`,
      );
    }
  }
}
