import {
  assertKnownKeys,
  assertPositiveInteger,
  assertShape,
  Embedding,
  invalidArgument,
  Module,
  tidyTree,
} from '@heed/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { CellKind } from './cell-kind';
import type { SequenceLengths } from './lengths';
import { Rnn, type RnnResult } from './rnn';

/** Configuration of an `RnnEncoder`. */
export interface RnnEncoderConfig {
  /** Source vocabulary size; id 0 is PAD. */
  vocabSize: number;
  /** Defaults to 128. */
  embeddingDim?: number;
  /** H per direction. Defaults to 128. */
  hiddenSize?: number;
  /** `'gru'` or `'lstm'`. Defaults to `'gru'`. */
  cell?: CellKind;
  /** Defaults to 1. */
  layers?: number;
  /** Defaults to false. */
  bidirectional?: boolean;
  /** Dropout between layers while training. Defaults to 0. */
  dropout?: number;
  /** Use heed's kernels where registered (see `RnnConfig.fused`). Defaults to true. */
  fused?: boolean;
  /** GRU only: where the reset gate applies (see `RnnConfig.resetAfter`). Defaults to true. */
  resetAfter?: boolean;
  /** Defaults to 0. */
  seed?: number;
}

const KNOWN = [
  'vocabSize',
  'embeddingDim',
  'hiddenSize',
  'cell',
  'layers',
  'bidirectional',
  'dropout',
  'fused',
  'resetAfter',
  'seed',
] as const;

/**
 * Source side of an RNN seq2seq model: an embedding whose PAD row (id 0) is
 * zero and never trained, then a stacked, optionally bidirectional GRU or
 * LSTM (`Rnn`). Parameters: `embedding.table [V, E]` and `rnn.*` under
 * PyTorch's `nn.GRU` names, so the `state_dict` of a PyTorch module with
 * `embedding = nn.Embedding(V, E, padding_idx=0)` and `rnn = nn.GRU(…,
 * batch_first=True)` loads with `loadTorchStateDict`.
 */
export class RnnEncoder extends Module {
  readonly embedding: Embedding;
  readonly rnn: Rnn;
  readonly #config: RnnEncoderConfig;

  constructor(config: RnnEncoderConfig) {
    super(config.seed ?? 0);
    assertKnownKeys('RnnEncoder', config, KNOWN);
    this.#config = { ...config };
    const vocabSize = assertPositiveInteger('RnnEncoder', 'vocabSize', config.vocabSize);
    const embeddingDim = assertPositiveInteger(
      'RnnEncoder',
      'embeddingDim',
      config.embeddingDim ?? 128,
    );
    this.embedding = this.addModule(
      'embedding',
      // tidyTree frees the temporaries that Embedding's initialiser leaves behind.
      tidyTree(
        () => new Embedding({ vocabSize, dim: embeddingDim, seed: this.childSeed('embedding') }),
      ),
    );
    this.rnn = this.addModule(
      'rnn',
      new Rnn({
        cell: config.cell ?? 'gru',
        inputSize: embeddingDim,
        hiddenSize: config.hiddenSize ?? 128,
        layers: config.layers ?? 1,
        bidirectional: config.bidirectional ?? false,
        dropout: config.dropout ?? 0,
        fused: config.fused ?? true,
        ...(config.resetAfter === undefined ? {} : { resetAfter: config.resetAfter }),
        seed: this.childSeed('rnn'),
      }),
    );
  }

  /** D·H, the feature size of the outputs. */
  get outputSize(): number {
    return this.rnn.outputSize;
  }

  /**
   * @param source `[b, S]` int32 ids, PAD (0) after each row's end.
   * @param lengths `[b]` true lengths.
   * @param options `training` turns dropout on; `seed` seeds this pass's masks.
   * @returns outputs `[b, S, D·H]` (zero past each length) and each layer's
   *   final states `[b, D·H]` at the row's last real step.
   */
  encode(
    source: tf.Tensor2D,
    lengths: SequenceLengths,
    options: { training?: boolean; seed?: number } = {},
  ): RnnResult {
    assertShape('RnnEncoder.encode', 'source', source.shape, [null, null]);
    if (source.dtype !== 'int32') {
      throw invalidArgument('RnnEncoder.encode', 'source.dtype', "must be 'int32'", source.dtype);
    }
    return tidyTree(() => {
      const embedded = this.embedding.apply(source) as tf.Tensor3D; // [b, S, E]
      return this.rnn.forward(embedded, {
        lengths,
        training: options.training ?? false,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
      });
    });
  }

  getConfig(): RnnEncoderConfig {
    return { ...this.#config };
  }

  static fromConfig(config: RnnEncoderConfig): RnnEncoder {
    return new RnnEncoder(config);
  }
}
