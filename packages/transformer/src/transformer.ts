import { upgradeAttentionSpec } from '@heed/attention';
import {
  type AttentionMemory,
  type CheckpointFiles,
  type CheckpointSource,
  type DecoderState,
  Dense,
  type Encoded,
  type FetchCheckpointOptions,
  type ForwardResult,
  gatherRows,
  type HiddenResult,
  initializers,
  LayerNorm,
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
import * as tf from '@tensorflow/tfjs-core';
import {
  type ResolvedTransformerConfig,
  resolveTransformerConfig,
  type TransformerConfig,
} from './config';
import { DecoderLayer } from './decoder-layer';
import { Dropout } from './dropout';
import { EncoderLayer } from './encoder-layer';
import { PositionalEncoding } from './positional-encoding';
import { assertSourceLengths } from './source-lengths';

/** The decoder's cache while stepping: one self-attention memory per layer. */
interface TransformerState {
  /** Target positions decoded so far (the next step's position). */
  readonly position: number;
  readonly layers: readonly AttentionMemory[];
}

/** Where a checkpoint's config.json keeps the model's config. */
const CONFIG_KEY = 'transformer';

/**
 * An encoder–decoder Transformer (Vaswani et al. 2017) implementing
 * `Seq2SeqModel`: teacher-forced `forward` for training, and `encode` + `step`
 * with a key/value cache for decoding (step t costs O(t), not a re-run).
 * Self-attention is `multihead` from @heed/attention; cross-attention is any
 * registered type.
 */
export class Transformer extends Module implements Seq2SeqModel {
  readonly config: ResolvedTransformerConfig;
  readonly outputProjection: OutputProjection;
  readonly #output: Dense;
  readonly #sourceEmbedding: tf.Variable;
  readonly #targetEmbedding: tf.Variable | undefined;
  readonly #positions: PositionalEncoding;
  readonly #encoderLayers: EncoderLayer[];
  readonly #decoderLayers: DecoderLayer[];
  readonly #encoderNorm: LayerNorm | undefined;
  readonly #decoderNorm: LayerNorm | undefined;
  readonly #dropoutRandom: Random;

  constructor(config: TransformerConfig) {
    const resolved = resolveTransformerConfig(config);
    super(resolved.seed);
    this.config = resolved;
    const d = resolved.modelDim;
    const embeddingInit = initializers.normal(d ** -0.5);
    this.#sourceEmbedding = this.addParameter(
      'source_embedding',
      [resolved.sourceVocabSize, d],
      embeddingInit,
    );
    this.#targetEmbedding = resolved.tieEmbeddings
      ? undefined
      : this.addParameter('target_embedding', [resolved.targetVocabSize, d], embeddingInit);
    this.#positions = this.addModule(
      'positions',
      new PositionalEncoding(
        resolved.positional,
        resolved.maxLength,
        d,
        this.childSeed('positions'),
      ),
    );
    this.#encoderLayers = Array.from({ length: resolved.encoderLayers }, (_, i) =>
      this.addModule(`encoder_${i}`, new EncoderLayer(resolved, this.childSeed(`encoder_${i}`))),
    );
    this.#decoderLayers = Array.from({ length: resolved.decoderLayers }, (_, i) =>
      this.addModule(`decoder_${i}`, new DecoderLayer(resolved, this.childSeed(`decoder_${i}`))),
    );
    if (resolved.norm === 'pre') {
      this.#encoderNorm = this.addModule('encoder_norm', new LayerNorm({ dim: d }));
      this.#decoderNorm = this.addModule('decoder_norm', new LayerNorm({ dim: d }));
    }
    this.#output = this.addModule(
      'output',
      new Dense({
        inputDim: d,
        outputDim: resolved.targetVocabSize,
        seed: this.childSeed('output'),
      }),
    );
    this.outputProjection = {
      kernel: this.#output.kernel,
      bias: this.#output.bias as tf.Variable,
    };
    this.#dropoutRandom = new Random(resolved.seed).fork('dropout');
  }

  get sourceVocabSize(): number {
    return this.config.sourceVocabSize;
  }

  get targetVocabSize(): number {
    return this.config.targetVocabSize;
  }

  encode(source: tf.Tensor2D, sourceLengths: tf.Tensor1D, options: RunOptions = {}): Encoded {
    return this.#encode(source, sourceLengths, this.#dropout(options));
  }

  step(previousTokens: tf.Tensor1D, state: DecoderState, encoded: Encoded): StepResult {
    const { position, layers } = state as unknown as TransformerState;
    return tidyTree(() => {
      const tokens = tf.expandDims(previousTokens, 1) as tf.Tensor2D; // [b, 1]
      const { hidden, attention, selfMemories } = this.#decode(
        tokens,
        encoded,
        position,
        Dropout.off(),
        layers.length > 0 ? layers : undefined,
      );
      const logits = this.#project(tf.squeeze(hidden, [1]) as tf.Tensor2D); // [b, V]
      const next: TransformerState = { position: position + 1, layers: selfMemories };
      return {
        logits,
        state: next as unknown as DecoderState,
        attention: tf.squeeze(attention, [1]) as tf.Tensor2D, // [b, S]
      };
    });
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
      const { hidden, attention } = this.forwardHidden(source, sourceLengths, targetInput, options);
      return { logits: this.#project(hidden), hidden, attention };
    });
  }

  /** `forward` without the output layer (for sampled softmax): `hidden [b, T, d]` and `attention`. */
  forwardHidden(
    source: tf.Tensor2D,
    sourceLengths: tf.Tensor1D,
    targetInput: tf.Tensor2D,
    options: RunOptions = {},
  ): HiddenResult {
    const dropout = this.#dropout(options);
    return tidyTree(() => {
      const encoded = this.#encode(source, sourceLengths, dropout);
      const { hidden, attention } = this.#decode(targetInput, encoded, 0, dropout);
      return { hidden, attention };
    });
  }

  /**
   * Teacher-forced decoding of a whole target prefix against an existing
   * encoding (rescoring, or decoding without the cache).
   * @param targetInput `[b, T]` int32, BOS-prefixed.
   */
  decodeAll(targetInput: tf.Tensor2D, encoded: Encoded, options: RunOptions = {}): ForwardResult {
    return tidyTree(() => {
      const { hidden, attention } = this.#decode(targetInput, encoded, 0, this.#dropout(options));
      return { logits: this.#project(hidden), hidden, attention };
    });
  }

  getConfig(): ResolvedTransformerConfig {
    return { ...this.config };
  }

  /**
   * Rebuilds a model from `getConfig()` output, including configs saved before
   * each attention type checked its own options (`upgradeAttentionSpec`).
   */
  static fromConfig(config: TransformerConfig): Transformer {
    return new Transformer(
      config.crossAttention
        ? { ...config, crossAttention: upgradeAttentionSpec(config.crossAttention) }
        : config,
    );
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
  static load(
    source: CheckpointSource,
    options: FetchCheckpointOptions = {},
  ): Promise<Transformer> {
    return checkpoints.load(source, options);
  }

  #encode(source: tf.Tensor2D, sourceLengths: tf.Tensor1D, dropout: Dropout): Encoded {
    assertSourceLengths('Transformer', source, sourceLengths);
    return tidyTree(() => {
      const mask = paddingMask(sourceLengths, source.shape[1]); // [b, S]
      let x = this.#embed(this.#sourceEmbedding as tf.Tensor2D, source, 0, dropout); // [b, S, d]
      for (const layer of this.#encoderLayers) x = layer.apply(x, mask, dropout);
      const output = this.#encoderNorm ? this.#encoderNorm.apply(x) : x; // [b, S, d]
      const layerMemories = this.#decoderLayers.map((layer) =>
        layer.crossAttention.prepare(output, output, mask, sourceLengths),
      );
      return {
        memory: layerMemories[0] as AttentionMemory,
        mask,
        lengths: sourceLengths.clone(),
        initialState: { position: 0, layers: [] } satisfies TransformerState,
        extras: { layerMemories },
      };
    });
  }

  /** Token embeddings × √d plus positions, then dropout. @returns `[b, T, d]`. */
  #embed(table: tf.Tensor2D, tokens: tf.Tensor2D, offset: number, dropout: Dropout): tf.Tensor3D {
    const embedded = tf.mul(
      tf.gather(table, tokens),
      Math.sqrt(this.config.modelDim),
    ) as tf.Tensor3D;
    return dropout.apply(this.#positions.apply(embedded, offset));
  }

  /** Decoder input embedding: its own table, or the output kernel's columns when tied. */
  #embedTarget(tokens: tf.Tensor2D, offset: number, dropout: Dropout): tf.Tensor3D {
    if (this.#targetEmbedding) {
      return this.#embed(this.#targetEmbedding as tf.Tensor2D, tokens, offset, dropout);
    }
    const table = tf.transpose(this.outputProjection.kernel) as tf.Tensor2D; // [V, d]
    return this.#embed(table, tokens, offset, dropout);
  }

  #decode(
    tokens: tf.Tensor2D,
    encoded: Encoded,
    offset: number,
    dropout: Dropout,
    pastLayers?: readonly AttentionMemory[],
  ): { hidden: tf.Tensor3D; attention: tf.Tensor3D; selfMemories: AttentionMemory[] } {
    const layerMemories = (encoded.extras?.layerMemories ?? []) as unknown as AttentionMemory[];
    let y = this.#embedTarget(tokens, offset, dropout); // [b, T, d]
    let attention: tf.Tensor3D | undefined;
    const selfMemories: AttentionMemory[] = [];
    this.#decoderLayers.forEach((layer, i) => {
      const result = layer.apply(y, layerMemories[i] as AttentionMemory, dropout, pastLayers?.[i]);
      y = result.output;
      attention = result.crossWeights;
      selfMemories.push(result.selfMemory);
    });
    const hidden = this.#decoderNorm ? this.#decoderNorm.apply(y) : y; // [b, T, d]
    return { hidden, attention: attention as tf.Tensor3D, selfMemories };
  }

  /** @param hidden `[..., d]` → logits `[..., V]`. */
  #project<T extends tf.Tensor>(hidden: T): T {
    return this.#output.apply(hidden);
  }

  /** Dropout for one pass: seeded by `options.seed` when given, else the model's own stream. */
  #dropout(options: RunOptions): Dropout {
    if (!options.training) return Dropout.off();
    const random = options.seed === undefined ? this.#dropoutRandom : new Random(options.seed);
    return new Dropout(this.config.dropout, true, random);
  }
}

/** How `Transformer` saves and loads itself: its config goes to config.json under CONFIG_KEY. */
const checkpoints = modelCheckpoints('Transformer', CONFIG_KEY, (config: TransformerConfig) =>
  Transformer.fromConfig(config),
);
