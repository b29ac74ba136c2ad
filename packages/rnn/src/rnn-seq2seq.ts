import { upgradeAttentionSpec } from '@heed/attention';
import {
  assertBoolean,
  assertKnownKeys,
  assertPositiveInteger,
  assertShape,
  type CheckpointFiles,
  type CheckpointSource,
  type DecoderState,
  type Encoded,
  type FetchCheckpointOptions,
  type ForwardResult,
  gatherRows,
  Module,
  modelCheckpoints,
  type OutputProjection,
  paddingMask,
  Random,
  type RunOptions,
  type Seq2SeqModel,
  type StepResult,
  tidyTree,
} from '@heed/core';
import type * as tf from '@tensorflow/tfjs-core';
import {
  AttentionDecoder,
  type AttentionDecoderConfig,
  type DecoderAttentionConfig,
} from './attention-decoder';
import { Bridge, type BridgeType } from './bridge';
import type { AttentionDecoderState } from './decoder-state';
import { RnnEncoder, type RnnEncoderConfig } from './encoder';

/** Encoder options of an `RnnSeq2Seq` (sizes default as in `RnnEncoderConfig`). */
export type Seq2SeqEncoderOptions = Omit<RnnEncoderConfig, 'vocabSize' | 'fused' | 'seed'>;

/** Decoder options of an `RnnSeq2Seq` (sizes default as in `AttentionDecoderConfig`). */
export type Seq2SeqDecoderOptions = Omit<
  AttentionDecoderConfig,
  'vocabSize' | 'memoryDim' | 'attention' | 'fused' | 'seed'
>;

/** Configuration of an `RnnSeq2Seq`. */
export interface RnnSeq2SeqConfig {
  sourceVocabSize: number;
  targetVocabSize: number;
  /** Defaults: embedding 128, hidden 128, GRU, 1 layer, unidirectional. */
  encoder?: Seq2SeqEncoderOptions;
  /** Defaults: embedding 128, hidden 128, GRU, 1 layer, Bahdanau placement. */
  decoder?: Seq2SeqDecoderOptions;
  /** Defaults to `{ type: 'additive' }`. */
  attention?: DecoderAttentionConfig;
  /** Encoder final states → decoder initial states. Defaults to `'linear'`. */
  bridge?: BridgeType;
  /** Fused kernels everywhere (see `RnnConfig.fused`). Defaults to true. */
  fused?: boolean;
  /** Defaults to 0. */
  seed?: number;
}

/** Where a checkpoint's config.json keeps the model's config. */
const CONFIG_KEY = 'rnnSeq2Seq';

const KNOWN = [
  'sourceVocabSize',
  'targetVocabSize',
  'encoder',
  'decoder',
  'attention',
  'bridge',
  'fused',
  'seed',
] as const;

/**
 * An RNN encoder–decoder with attention implementing `Seq2SeqModel`:
 * `RnnEncoder` → `Bridge` → `AttentionDecoder`. Parameter paths:
 * `encoder.embedding.table`, `encoder.rnn.weight_ih_l0`, …,
 * `bridge.hidden_l0.weight`, `decoder.attention.W1`, `decoder.output.kernel`.
 * The decoder state is `{ hidden, cell?, feed?, position }`, batch-major.
 */
export class RnnSeq2Seq extends Module implements Seq2SeqModel {
  readonly encoder: RnnEncoder;
  readonly bridge: Bridge;
  readonly decoder: AttentionDecoder;
  readonly #config: Required<RnnSeq2SeqConfig>;

  constructor(config: RnnSeq2SeqConfig) {
    super(config.seed ?? 0);
    const owner = 'RnnSeq2Seq';
    assertKnownKeys(owner, config, KNOWN);
    const fused = assertBoolean(owner, 'fused', config.fused ?? true);
    const encoder = new RnnEncoder({
      ...config.encoder,
      vocabSize: assertPositiveInteger(owner, 'sourceVocabSize', config.sourceVocabSize),
      fused,
      seed: this.childSeed('encoder'),
    });
    this.encoder = this.addModule('encoder', encoder);
    const decoder = new AttentionDecoder({
      ...config.decoder,
      vocabSize: assertPositiveInteger(owner, 'targetVocabSize', config.targetVocabSize),
      memoryDim: encoder.outputSize,
      attention: config.attention ?? { type: 'additive' },
      fused,
      seed: this.childSeed('decoder'),
    });
    this.bridge = this.addModule(
      'bridge',
      new Bridge({
        type: config.bridge ?? 'linear',
        encoderCell: encoder.rnn.kind,
        encoderLayers: encoder.rnn.layers,
        encoderDirections: encoder.rnn.directions,
        encoderHidden: encoder.rnn.hiddenSize,
        decoderCell: decoder.kind,
        decoderLayers: decoder.layers,
        decoderHidden: decoder.hiddenSize,
        seed: this.childSeed('bridge'),
      }),
    );
    this.decoder = this.addModule('decoder', decoder);
    const encoderConfig = encoder.getConfig();
    const decoderConfig = decoder.getConfig();
    this.#config = {
      sourceVocabSize: config.sourceVocabSize,
      targetVocabSize: config.targetVocabSize,
      encoder: {
        embeddingDim: encoder.embedding.dim,
        hiddenSize: encoder.rnn.hiddenSize,
        cell: encoder.rnn.kind,
        ...(encoder.rnn.kind === 'gru' ? { resetAfter: encoder.rnn.resetAfter } : {}),
        layers: encoder.rnn.layers,
        bidirectional: encoder.rnn.bidirectional,
        dropout: encoderConfig.dropout ?? 0,
      },
      decoder: {
        embeddingDim: decoder.embeddingDim,
        hiddenSize: decoder.hiddenSize,
        cell: decoder.kind,
        ...(decoder.kind === 'gru' ? { resetAfter: decoder.resetAfter } : {}),
        layers: decoder.layers,
        placement: decoder.placement,
        inputFeeding: decoderConfig.inputFeeding ?? true,
        ...(decoder.placement === 'luong' ? { attentionalSize: decoder.attentionalSize } : {}),
        dropout: decoder.dropout,
      },
      attention: decoderConfig.attention ?? { type: 'additive' },
      bridge: this.bridge.type,
      fused,
      seed: this.seed,
    };
  }

  get sourceVocabSize(): number {
    return this.#config.sourceVocabSize;
  }

  get targetVocabSize(): number {
    return this.#config.targetVocabSize;
  }

  get outputProjection(): OutputProjection {
    return this.decoder.output;
  }

  encode(source: tf.Tensor2D, sourceLengths: tf.Tensor1D, options: RunOptions = {}): Encoded {
    assertShape('RnnSeq2Seq.encode', 'sourceLengths', sourceLengths.shape, [source.shape[0]]);
    return tidyTree(() => {
      const encoded = this.encoder.encode(source, sourceLengths, {
        training: options.training ?? false,
        ...(options.seed === undefined ? {} : { seed: passSeed(options.seed, 'encoder') }),
      });
      const mask = paddingMask(sourceLengths, source.shape[1]); // [b, S]
      const memory = this.decoder.attention.prepare(
        encoded.outputs,
        encoded.outputs,
        mask,
        sourceLengths,
      );
      const initialState = this.decoder.initialState(this.bridge.apply(encoded));
      return {
        memory,
        mask,
        lengths: sourceLengths.clone(),
        initialState: initialState as unknown as DecoderState,
      };
    });
  }

  step(previousTokens: tf.Tensor1D, state: DecoderState, encoded: Encoded): StepResult {
    const result = this.decoder.step(
      previousTokens,
      state as unknown as AttentionDecoderState,
      encoded.memory,
    );
    return { ...result, state: result.state as unknown as DecoderState };
  }

  reorder(state: DecoderState, indices: tf.Tensor1D): DecoderState {
    return tidyTree(() => gatherRows(state, indices));
  }

  forward(
    source: tf.Tensor2D,
    sourceLengths: tf.Tensor1D,
    targetInput: tf.Tensor2D,
    options: RunOptions = {},
  ): ForwardResult {
    return tidyTree(() => {
      const encoded = this.encode(source, sourceLengths, options);
      return this.decoder.forward(
        targetInput,
        encoded.initialState as unknown as AttentionDecoderState,
        encoded.memory,
        this.#decoderOptions(options),
      );
    });
  }

  /**
   * `forward` without the output layer: `hidden [b, T, H]` (what
   * `outputProjection` applies to) and `attention [b, T, S]`, for sampled
   * softmax, which needs only some of the projection's columns.
   */
  forwardHidden(
    source: tf.Tensor2D,
    sourceLengths: tf.Tensor1D,
    targetInput: tf.Tensor2D,
    options: RunOptions = {},
  ): { hidden: tf.Tensor3D; attention: tf.Tensor3D } {
    return tidyTree(() => {
      const encoded = this.encode(source, sourceLengths, options);
      return this.decoder.forwardHidden(
        targetInput,
        encoded.initialState as unknown as AttentionDecoderState,
        encoded.memory,
        this.#decoderOptions(options),
      );
    });
  }

  getConfig(): Required<RnnSeq2SeqConfig> {
    return structuredClone(this.#config);
  }

  /**
   * Rebuilds a model from `getConfig()` output, including configs saved before
   * each attention type checked its own options (`upgradeAttentionSpec`).
   */
  static fromConfig(config: RnnSeq2SeqConfig): RnnSeq2Seq {
    return new RnnSeq2Seq(
      config.attention ? { ...config, attention: upgradeAttentionSpec(config.attention) } : config,
    );
  }

  #decoderOptions(options: RunOptions): RunOptions {
    return options.seed === undefined
      ? options
      : { ...options, seed: passSeed(options.seed, 'decoder') };
  }

  /**
   * Writes a checkpoint directory (config.json + weights.safetensors) through
   * @heed/core. Node only; in a page `toCheckpointFiles` gives the same files as bytes.
   */
  save(directory: string): Promise<void> {
    return checkpoints.save(this, directory);
  }

  /** The checkpoint `save` writes, as bytes (works in a page). */
  toCheckpointFiles(): Promise<CheckpointFiles> {
    return checkpoints.toFiles(this);
  }

  /**
   * Rebuilds a model saved with `save` or `toCheckpointFiles`, from a
   * directory (Node), a folder URL (fetched) or `{ config, weights }` bytes;
   * names, shapes and dtypes are checked.
   */
  static load(source: CheckpointSource, options: FetchCheckpointOptions = {}): Promise<RnnSeq2Seq> {
    return checkpoints.load(source, options);
  }
}

/** How `RnnSeq2Seq` saves and loads itself: its config goes to config.json under CONFIG_KEY. */
const checkpoints = modelCheckpoints('RnnSeq2Seq', CONFIG_KEY, (config: RnnSeq2SeqConfig) =>
  RnnSeq2Seq.fromConfig(config),
);

/** A part's seed for a pass seeded with `seed`. */
function passSeed(seed: number, part: string): number {
  return new Random(seed).fork(part).nextUint32();
}
