import {
  type AttendOptions,
  type Attention,
  type AttentionMemory,
  type AttentionResult,
  assertPositiveInteger,
  assertShape,
  formatValue,
  HeedError,
  Module,
  paddingMask,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { type OptionSchema, type ResolvedOptionsOf, resolveOptions } from './options';
import type { AttentionDimensions } from './variant';

/** What every variant's constructor takes: the sizes, its options and (optionally) its type name. */
export type VariantConfig<Type extends string = string> = AttentionDimensions & { type?: Type };

/**
 * What every variant shares: sizes, options checked and defaulted by the
 * variant's schema (which also gives `getConfig`), input checks, and
 * `prepare`, which clones keys and values into a memory, fills in whichever
 * of mask and lengths is missing from the other, and adds the variant's
 * key-side tensors (`prepareCache`). The memory owns its tensors: free it
 * with `disposeTree`.
 */
export abstract class AttentionBase<Schema extends OptionSchema = OptionSchema>
  extends Module
  implements Attention
{
  readonly type: string;
  abstract readonly contextDim: number;
  readonly queryDim: number;
  readonly keyDim: number;
  readonly valueDim: number;
  /** The variant's options with every default filled in. */
  readonly options: ResolvedOptionsOf<Schema>;

  /**
   * @param owner Class name used in error messages.
   * @param type The registry name this instance is built as.
   * @param schema The variant's options.
   */
  constructor(
    protected readonly owner: string,
    type: string,
    schema: Schema,
    config: VariantConfig,
  ) {
    if (config === null || typeof config !== 'object') {
      throw new HeedError(`${owner}: config must be an object. Received: config=${config}`);
    }
    const {
      type: _type,
      queryDim,
      keyDim,
      valueDim,
      seed,
      ...options
    } = config as VariantConfig & Record<string, unknown>;
    super(seed ?? 0);
    if (_type !== undefined && _type !== type) {
      throw new HeedError(`${owner}: type must be '${type}'. Received: type=${formatValue(_type)}`);
    }
    this.type = type;
    this.queryDim = assertPositiveInteger(owner, 'queryDim', queryDim);
    this.keyDim = assertPositiveInteger(owner, 'keyDim', keyDim);
    this.valueDim = assertPositiveInteger(owner, 'valueDim', valueDim ?? keyDim);
    if (seed !== undefined && !Number.isInteger(seed)) {
      throw new HeedError(`${owner}: seed must be an integer. Received: seed=${seed}`);
    }
    this.options = resolveOptions(owner, schema, options, {
      queryDim: this.queryDim,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
    });
  }

  /** The sizes, the options (defaults filled in) and the seed: `createAttention(a.getConfig())` rebuilds `a`. */
  getConfig(): { type: string } & Required<AttentionDimensions> & ResolvedOptionsOf<Schema> {
    return {
      type: this.type,
      queryDim: this.queryDim,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      ...this.options,
      seed: this.seed,
    };
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
