import { type AttentionSpec, createAttention } from '@heed/attention';
import {
  type AdditiveScore,
  type Attention,
  type AttentionMemory,
  assertBoolean,
  assertInRange,
  assertKnownKeys,
  assertOneOf,
  assertPositiveInteger,
  bahdanauDecode,
  type CellState,
  cellStep,
  Embedding,
  type ForwardResult,
  invalidArgument,
  Module,
  Random,
  type RunOptions,
  resolveResetAfter,
  TorchLinear,
  tidyTree,
  torchLinear,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { CELL_KINDS, type CellKind, gateCount } from './cell-kind';
import type { AttentionDecoderState } from './decoder-state';
import { OutputLayer } from './output-layer';
import { Rnn, type RnnState, type RnnWeights } from './rnn';

/**
 * Where attention sits in the decoder:
 * - `'bahdanau'`: the query is the previous state of the first decoder layer,
 *   and the context joins that layer's input, `x_t = [e_t; c_t]`; the output
 *   layer reads the top layer's state.
 * - `'luong'`: the query is the top layer's current output h_t; the
 *   attentional vector `h̃_t = tanh(W_c [c_t; h_t])` (context first) feeds the
 *   output layer and, with input feeding, the next step's input
 *   `x_{t+1} = [e_{t+1}; h̃_t]`.
 */
export type AttentionPlacement = 'bahdanau' | 'luong';

export const PLACEMENTS: readonly AttentionPlacement[] = ['bahdanau', 'luong'];

/**
 * Any registered attention and its options, without the sizes the decoder
 * fills in (a user's variant type-checks once declared in `AttentionTypes`).
 */
export type DecoderAttentionConfig = AttentionSpec & { seed?: number };

/** Configuration of an `AttentionDecoder`. */
export interface AttentionDecoderConfig {
  /** Target vocabulary size V; id 0 is PAD. */
  vocabSize: number;
  /** Feature size of the encoder outputs attended over (keys and values). */
  memoryDim: number;
  /** Defaults to 128. */
  embeddingDim?: number;
  /** H. Defaults to 128. */
  hiddenSize?: number;
  /** Defaults to `'gru'`. */
  cell?: CellKind;
  /**
   * GRU only: where the reset gate applies (see `RnnConfig.resetAfter`).
   * `bahdanauDecode` implements the reset-after GRU, so a reset-before
   * decoder with Bahdanau placement steps through the reference step.
   * Defaults to true.
   */
  resetAfter?: boolean;
  /** Stacked decoder layers. Defaults to 1. */
  layers?: number;
  /** Any registered attention (its `queryDim`/`keyDim`/`valueDim` are set here). Defaults to `{ type: 'additive' }`. */
  attention?: DecoderAttentionConfig;
  /** Defaults to `'bahdanau'`. */
  placement?: AttentionPlacement;
  /** Luong placement only: feed h̃_{t−1} into step t. Defaults to true. */
  inputFeeding?: boolean;
  /**
   * Luong placement only: A, the size of the attentional vector h̃ (`W_c` is
   * `[A, C + H]`), which the output layer reads and input feeding feeds back,
   * as OpenNMT's attentional size. Defaults to the hidden size H.
   */
  attentionalSize?: number;
  /** Dropout between layers and before the output layer, while training. Defaults to 0. */
  dropout?: number;
  /**
   * Use heed's kernels where the active backend registers them, and the
   * attention's `additiveScore` capability when it offers one (see
   * `RnnConfig.fused`); false always runs the reference step. Same numbers
   * either way. Defaults to true.
   */
  fused?: boolean;
  /** Defaults to 0. */
  seed?: number;
}

const KNOWN = [
  'vocabSize',
  'memoryDim',
  'embeddingDim',
  'hiddenSize',
  'cell',
  'resetAfter',
  'layers',
  'attention',
  'placement',
  'inputFeeding',
  'attentionalSize',
  'dropout',
  'fused',
  'seed',
] as const;

/** One decoding step's output. */
export interface DecoderStepResult {
  /** `[b, V]`. */
  logits: tf.Tensor2D;
  state: AttentionDecoderState;
  /** `[b, S]`. */
  attention: tf.Tensor2D;
}

/** The randomness and mode of one pass. */
interface Pass {
  training: boolean;
  /** Dropout masks' generator; null: no dropout. */
  dropout: Random | null;
  /** Seeds of the attention's dropout masks in a seeded training pass; null: its own generator. */
  attentionDropout: Random | null;
  /** Scheduled sampling's coin flips. */
  sampling: Random;
}

const INFERENCE: Pass = {
  training: false,
  dropout: null,
  attentionDropout: null,
  sampling: new Random(0),
};

/** `attend` options of one call in `pass`. */
function attendOptions(pass: Pass): { training: boolean; seed?: number } {
  const seed = pass.attentionDropout?.nextUint32();
  return seed === undefined ? { training: pass.training } : { training: pass.training, seed };
}

/** Step `t` of a batch-major `[b, T, F]` tensor: `[b, F]`. */
function stepOf(x: tf.Tensor3D, t: number): tf.Tensor2D {
  const [b, , F] = x.shape;
  return tf.reshape(tf.slice(x, [0, t, 0], [b, 1, F]), [b, F]) as tf.Tensor2D;
}

/** What one step of the decoder produces. */
interface StepCore {
  /** `[b, H]` (Luong: `[b, A]`) the vector the output layer reads. */
  output: tf.Tensor2D;
  state: AttentionDecoderState;
  /** `[b, S]`. */
  weights: tf.Tensor2D;
}

/**
 * An RNN decoder with attention: embedding (PAD row zero, no gradient), a
 * GRU/LSTM stack (`rnn.*`, PyTorch names), any attention from
 * `createAttention` (`attention.*`), Bahdanau or Luong placement (`W_c` is
 * `attentional.weight [A, C + H]`, no bias, A = `attentionalSize`), and an
 * output layer `output.kernel [O, V]`, `output.bias [V]` (O = H for Bahdanau
 * placement, A for Luong).
 *
 * Every step is one reference step (`attend`, then the cell stack; Luong:
 * the stack, then `attend` and `h̃`), and teacher forcing is one loop of it,
 * with the output layer applied to all steps at once. Two things make it
 * faster without changing the numbers:
 * - Bahdanau placement with an attention that offers `additiveScore` (the
 *   additive attention does) runs the first layer through core's
 *   `bahdanauDecode` op, one call for a whole teacher-forced sequence or one
 *   per decoding step;
 * - Luong placement without input feeding runs each layer over the whole
 *   sequence, then one `attend` over all steps (nothing feeds back).
 * Every method is differentiable: gradients reach every parameter.
 */
export class AttentionDecoder extends Module {
  readonly embedding: Embedding;
  readonly rnn: Rnn;
  readonly attention: Attention;
  readonly attentional: TorchLinear | undefined;
  readonly output: OutputLayer;
  readonly kind: CellKind;
  readonly resetAfter: boolean;
  readonly hiddenSize: number;
  readonly embeddingDim: number;
  readonly layers: number;
  readonly placement: AttentionPlacement;
  readonly inputFeeding: boolean;
  /** A, the size of Luong's h̃; the hidden size H under Bahdanau placement. */
  readonly attentionalSize: number;
  readonly dropout: number;
  readonly fused: boolean;
  readonly #config: AttentionDecoderConfig;
  readonly #dropoutRandom: Random;
  readonly #samplingRandom: Random;

  constructor(config: AttentionDecoderConfig) {
    super(config.seed ?? 0);
    const owner = 'AttentionDecoder';
    assertKnownKeys(owner, config, KNOWN);
    this.#config = { ...config };
    const vocabSize = assertPositiveInteger(owner, 'vocabSize', config.vocabSize);
    const memoryDim = assertPositiveInteger(owner, 'memoryDim', config.memoryDim);
    this.embeddingDim = assertPositiveInteger(owner, 'embeddingDim', config.embeddingDim ?? 128);
    this.hiddenSize = assertPositiveInteger(owner, 'hiddenSize', config.hiddenSize ?? 128);
    this.kind = assertOneOf(owner, 'cell', config.cell ?? 'gru', CELL_KINDS);
    this.resetAfter = resolveResetAfter(owner, { kind: this.kind, resetAfter: config.resetAfter });
    this.layers = assertPositiveInteger(owner, 'layers', config.layers ?? 1);
    this.placement = assertOneOf(owner, 'placement', config.placement ?? 'bahdanau', PLACEMENTS);
    this.inputFeeding =
      this.placement === 'luong' &&
      assertBoolean(owner, 'inputFeeding', config.inputFeeding ?? true);
    if (this.placement !== 'luong' && config.attentionalSize !== undefined) {
      throw invalidArgument(
        owner,
        'attentionalSize',
        "applies to placement 'luong' only (Bahdanau placement has no attentional vector)",
        config.attentionalSize,
      );
    }
    this.dropout = assertInRange(owner, 'dropout', config.dropout ?? 0, 0, 0.999999);
    this.fused = assertBoolean(owner, 'fused', config.fused ?? true);
    this.#dropoutRandom = new Random(this.seed).fork('dropout');
    this.#samplingRandom = new Random(this.seed).fork('sampling');
    const H = this.hiddenSize;
    this.attentionalSize = assertPositiveInteger(
      owner,
      'attentionalSize',
      config.attentionalSize ?? H,
    );
    const A = this.attentionalSize;
    this.embedding = this.addModule(
      'embedding',
      // tidyTree frees the temporaries that Embedding's initialiser leaves behind.
      tidyTree(
        () =>
          new Embedding({ vocabSize, dim: this.embeddingDim, seed: this.childSeed('embedding') }),
      ),
    );
    this.attention = this.addModule(
      'attention',
      createAttention({
        type: 'additive',
        seed: this.childSeed('attention'),
        ...config.attention,
        queryDim: H,
        keyDim: memoryDim,
        valueDim: memoryDim,
      }) as unknown as Module,
    ) as unknown as Attention;
    const C = this.attention.contextDim;
    const fed = this.placement === 'bahdanau' ? C : this.inputFeeding ? A : 0;
    this.rnn = this.addModule(
      'rnn',
      new Rnn({
        cell: this.kind,
        resetAfter: this.resetAfter,
        inputSize: this.embeddingDim + fed,
        hiddenSize: H,
        layers: this.layers,
        fused: this.fused,
        seed: this.childSeed('rnn'),
      }),
    );
    this.attentional =
      this.placement === 'luong'
        ? this.addModule(
            'attentional',
            new TorchLinear({
              inFeatures: C + H,
              outFeatures: A,
              useBias: false,
              seed: this.childSeed('attentional'),
            }),
          )
        : undefined;
    this.output = this.addModule('output', new OutputLayer(A, vocabSize, this.childSeed('output')));
  }

  /** The decoder state before the first step, from per-layer `[b, H]` initial states. */
  initialState(start: RnnState): AttentionDecoderState {
    return tidyTree(() => {
      const b = start.hidden[0]!.shape[0];
      return {
        hidden: start.hidden.map((h) => tf.clone(h)),
        ...(this.kind === 'lstm'
          ? {
              cell: (start.cell ?? start.hidden.map((h) => tf.zerosLike(h))).map((c) =>
                tf.clone(c),
              ),
            }
          : {}),
        ...(this.inputFeeding ? { feed: tf.zeros([b, this.attentionalSize]) as tf.Tensor2D } : {}),
        position: 0,
      };
    });
  }

  /**
   * One step of inference: feed the previous tokens, get next-token logits.
   * Differentiable like every other method.
   * @param previousTokens `[b]` int32 (BOS first).
   */
  step(
    previousTokens: tf.Tensor1D,
    state: AttentionDecoderState,
    memory: AttentionMemory,
  ): DecoderStepResult {
    return tidyTree(() => {
      const embedded = this.embedding.apply(previousTokens) as tf.Tensor2D; // [b, E]
      const core = this.#step(embedded, undefined, state, memory, INFERENCE);
      return {
        logits: this.output.apply(core.output),
        state: core.state,
        attention: core.weights,
      };
    });
  }

  /**
   * Teacher-forced decoding of whole target sequences.
   * @param targetInput `[b, T]` int32, BOS-prefixed.
   * @returns logits `[b, T, V]`, the output layer's inputs `[b, T, H]` (Luong: `[b, T, A]`), attention `[b, T, S]`.
   */
  forward(
    targetInput: tf.Tensor2D,
    state: AttentionDecoderState,
    memory: AttentionMemory,
    options: RunOptions = {},
  ): ForwardResult {
    return tidyTree(() => {
      const run = this.#run(targetInput, state, memory, options);
      return {
        logits: run.logits ?? this.output.apply(run.hidden),
        hidden: run.hidden,
        attention: run.attention,
      };
    });
  }

  /**
   * `forward` without the output layer (unless scheduled sampling needs it):
   * the vectors `outputProjection` applies to, for a loss such as sampled
   * softmax that uses only some of its columns.
   * @returns hidden `[b, T, H]` (Luong: `[b, T, A]`), attention `[b, T, S]`.
   */
  forwardHidden(
    targetInput: tf.Tensor2D,
    state: AttentionDecoderState,
    memory: AttentionMemory,
    options: RunOptions = {},
  ): { hidden: tf.Tensor3D; attention: tf.Tensor3D } {
    return tidyTree(() => {
      const { hidden, attention } = this.#run(targetInput, state, memory, options);
      return { hidden, attention };
    });
  }

  getConfig(): AttentionDecoderConfig {
    return { ...this.#config };
  }

  static fromConfig(config: AttentionDecoderConfig): AttentionDecoder {
    return new AttentionDecoder(config);
  }

  #run(
    targetInput: tf.Tensor2D,
    state: AttentionDecoderState,
    memory: AttentionMemory,
    options: RunOptions,
  ): { hidden: tf.Tensor3D; attention: tf.Tensor3D; logits?: tf.Tensor3D } {
    const training = options.training ?? false;
    const sampling = training
      ? assertInRange(
          'AttentionDecoder',
          'samplingProbability',
          options.samplingProbability ?? 0,
          0,
          1,
        )
      : 0;
    const seeded = options.seed === undefined ? undefined : new Random(options.seed);
    const pass: Pass = {
      training,
      dropout:
        training && this.dropout > 0 ? (seeded?.fork('dropout') ?? this.#dropoutRandom) : null,
      attentionDropout: training && seeded ? seeded.fork('attention-dropout') : null,
      sampling: seeded?.fork('sampling') ?? this.#samplingRandom,
    };
    if (sampling > 0) return this.#loop(targetInput, state, memory, pass, sampling);
    const embedded = this.embedding.apply(targetInput) as tf.Tensor3D; // [b, T, E]
    const score = this.#additiveScore(memory, pass);
    const { hidden, attention } = score
      ? this.#bahdanauSequence(embedded, state, memory, score, pass)
      : this.placement === 'luong' && !this.inputFeeding
        ? this.#luongSequence(this.#embeddingGates(embedded), state, memory, pass)
        : this.#loop(targetInput, state, memory, pass, 0, this.#embeddingGates(embedded));
    return { hidden: this.#dropoutOn(hidden, pass), attention };
  }

  /** The attention's additive score, when Bahdanau placement can run through `bahdanauDecode`. */
  #additiveScore(memory: AttentionMemory, pass: Pass): AdditiveScore | undefined {
    if (!this.fused || this.placement !== 'bahdanau' || !this.resetAfter) return undefined;
    return this.attention.additiveScore?.(memory, { training: pass.training });
  }

  #dropoutOn<T extends tf.Tensor>(x: T, pass: Pass): T {
    if (!pass.dropout) return x;
    return tf.dropout(x, this.dropout, undefined, pass.dropout.nextUint32()) as T;
  }

  /** `W_ih[:, :E] e + b_ih`, the embedding's share of the first layer's gates. @param embedded `[..., E]` → `[..., G·H]`. */
  #embeddingGates<T extends tf.Tensor>(embedded: T): T {
    const first = this.rnn.weights(0)[0]!;
    return torchLinear(
      embedded,
      this.#inputColumns(0, this.embeddingDim),
      first.biasIH as tf.Tensor1D,
    );
  }

  /** Columns `from .. from + count − 1` of the first layer's `W_ih` `[G·H, count]`. */
  #inputColumns(from: number, count: number): tf.Tensor2D {
    const rows = gateCount(this.kind) * this.hiddenSize;
    return tf.slice(this.rnn.weights(0)[0]!.weightIH, [0, from], [rows, count]) as tf.Tensor2D;
  }

  /** Layer `layer`'s state in `state`. */
  #layerState(state: AttentionDecoderState, layer: number): CellState {
    return { h: state.hidden[layer]!, ...(state.cell ? { c: state.cell[layer]! } : {}) };
  }

  /**
   * One step of the layers above the first.
   * @param below `[b, H]` the first layer's new h.
   */
  #upperLayers(below: tf.Tensor2D, state: AttentionDecoderState, pass: Pass): CellState[] {
    const next: CellState[] = [];
    let input = below;
    for (let layer = 1; layer < this.layers; layer++) {
      const w = this.rnn.weights(layer)[0]!;
      const before = this.#layerState(state, layer);
      const gx = torchLinear(
        this.#dropoutOn(input, pass),
        w.weightIH as tf.Tensor2D,
        w.biasIH as tf.Tensor1D,
      );
      const after = this.#cellStep(gx, w, before);
      next.push(after);
      input = after.h;
    }
    return next;
  }

  /**
   * One step of the whole stack.
   * @param embeddingGates `[b, G·H]` the first layer's embedding share (bias included).
   * @param fed `[b, F]` what joins the embedding in the first layer's input (context or h̃), if any.
   */
  #layers(
    embeddingGates: tf.Tensor2D,
    fed: tf.Tensor2D | undefined,
    state: AttentionDecoderState,
    pass: Pass,
  ): CellState[] {
    const w = this.rnn.weights(0)[0]!;
    const before = this.#layerState(state, 0);
    const gx = fed
      ? (tf.add(
          embeddingGates,
          torchLinear(fed, this.#inputColumns(this.embeddingDim, fed.shape[1])),
        ) as tf.Tensor2D)
      : embeddingGates;
    const first = this.#cellStep(gx, w, before);
    return [first, ...this.#upperLayers(first.h, state, pass)];
  }

  /** One step of a layer with weights `w`. @param gx `[b, G·H]` its input-side gates. */
  #cellStep(gx: tf.Tensor2D, w: RnnWeights, before: CellState): CellState {
    return cellStep(
      { kind: this.kind, resetAfter: this.resetAfter },
      gx,
      { weight: w.weightHH as tf.Tensor2D, bias: w.biasHH as tf.Tensor1D },
      before,
      { useKernel: this.fused },
    );
  }

  /** The state after a step of the stack. */
  #nextState(
    stack: CellState[],
    state: AttentionDecoderState,
    feed?: tf.Tensor2D,
  ): AttentionDecoderState {
    return {
      hidden: stack.map((layer) => layer.h),
      ...(this.kind === 'lstm' ? { cell: stack.map((layer) => layer.c!) } : {}),
      ...(feed ? { feed } : {}),
      position: state.position + 1,
    };
  }

  #attend(
    query: tf.Tensor2D,
    memory: AttentionMemory,
    position: number,
    pass: Pass,
  ): { context: tf.Tensor2D; weights: tf.Tensor2D } {
    const b = query.shape[0];
    const result = this.attention.attend(tf.expandDims(query, 1) as tf.Tensor3D, memory, {
      positions: tf.fill([b, 1], position) as tf.Tensor2D,
      ...attendOptions(pass),
    });
    return {
      context: tf.squeeze(result.context, [1]) as tf.Tensor2D, // [b, C]
      weights: tf.squeeze(result.weights, [1]) as tf.Tensor2D, // [b, S]
    };
  }

  /**
   * One step: the fused Bahdanau step when the attention offers it, else the reference step.
   * @param embedded `[b, E]` the step's input embeddings.
   * @param embeddingGates `[b, G·H]` their share of the first layer's gates, when already computed.
   */
  #step(
    embedded: tf.Tensor2D,
    embeddingGates: tf.Tensor2D | undefined,
    state: AttentionDecoderState,
    memory: AttentionMemory,
    pass: Pass,
  ): StepCore {
    const score = this.#additiveScore(memory, pass);
    if (score) {
      const input = tf.expandDims(embedded, 1) as tf.Tensor3D; // [b, 1, E]
      const first = this.#bahdanauFirstLayer(input, state, memory, score);
      const firstState: CellState = {
        h: stepOf(first.hidden, 0),
        ...(first.cell ? { c: stepOf(first.cell, 0) } : {}),
      };
      const stack = [firstState, ...this.#upperLayers(firstState.h, state, pass)];
      return {
        output: stack[this.layers - 1]!.h,
        state: this.#nextState(stack, state),
        weights: stepOf(first.attention, 0),
      };
    }
    const gates = embeddingGates ?? this.#embeddingGates(embedded);
    return this.#referenceStep(gates, state, memory, pass);
  }

  /** The reference step: `attend` and the cell stack in TF.js ops (cells by kernel where registered). */
  #referenceStep(
    embeddingGates: tf.Tensor2D,
    state: AttentionDecoderState,
    memory: AttentionMemory,
    pass: Pass,
  ): StepCore {
    if (this.placement === 'bahdanau') {
      const { context, weights } = this.#attend(state.hidden[0]!, memory, state.position, pass);
      const stack = this.#layers(embeddingGates, context, state, pass);
      return {
        output: stack[this.layers - 1]!.h,
        state: this.#nextState(stack, state),
        weights,
      };
    }
    const stack = this.#layers(embeddingGates, state.feed, state, pass);
    const top = stack[this.layers - 1]!.h;
    const { context, weights } = this.#attend(top, memory, state.position, pass);
    const attentional = this.#attentionalVector(context, top); // [b, A]
    return {
      output: attentional,
      state: this.#nextState(stack, state, this.inputFeeding ? attentional : undefined),
      weights,
    };
  }

  /** Luong's `h̃ = tanh(W_c [c; h])`. @param context `[..., C]`, top `[..., H]` → `[..., A]`. */
  #attentionalVector<T extends tf.Tensor>(context: T, top: T): T {
    const joined = tf.concat([context, top], -1) as T; // [..., C + H]
    return tf.tanh(
      torchLinear(joined, (this.attentional as TorchLinear).weight as tf.Tensor2D),
    ) as T;
  }

  /**
   * The teacher-forced loop, one step at a time. With scheduled sampling
   * (`probability > 0`) each step's input token is the previous argmax with
   * that probability, and the logits are computed step by step.
   * @param gates `[b, T, G·H]` the embedding gates of `targetInput`, when not sampling
   *   (teacher forcing reaches this loop only without the `additiveScore` path).
   */
  #loop(
    targetInput: tf.Tensor2D,
    state: AttentionDecoderState,
    memory: AttentionMemory,
    pass: Pass,
    probability: number,
    gates?: tf.Tensor3D,
  ): { hidden: tf.Tensor3D; attention: tf.Tensor3D; logits?: tf.Tensor3D } {
    const [b, T] = targetInput.shape;
    const logits: tf.Tensor2D[] = [];
    const outputs: tf.Tensor2D[] = [];
    const weights: tf.Tensor2D[] = [];
    let current = state;
    for (let t = 0; t < T; t++) {
      let core: StepCore;
      if (gates) {
        core = this.#referenceStep(stepOf(gates, t), current, memory, pass);
      } else {
        let tokens = tf.reshape(tf.slice(targetInput, [0, t], [b, 1]), [b]) as tf.Tensor1D;
        if (t > 0) {
          const flips = Array.from({ length: b }, () => pass.sampling.next() < probability);
          const own = tf.cast(tf.argMax(logits[t - 1]!, 1), 'int32') as tf.Tensor1D;
          tokens = tf.where(tf.tensor1d(flips, 'bool'), own, tokens);
        }
        const embedded = this.embedding.apply(tokens) as tf.Tensor2D; // [b, E]
        core = this.#step(embedded, undefined, current, memory, pass);
      }
      const output = probability > 0 ? this.#dropoutOn(core.output, pass) : core.output;
      if (probability > 0) logits.push(this.output.apply(output));
      outputs.push(output);
      weights.push(core.weights);
      current = core.state;
    }
    return {
      hidden: tf.stack(outputs, 1) as tf.Tensor3D,
      attention: tf.stack(weights, 1) as tf.Tensor3D,
      ...(probability > 0 ? { logits: tf.stack(logits, 1) as tf.Tensor3D } : {}),
    };
  }

  /**
   * The first layer of Bahdanau placement through core's `bahdanauDecode`.
   * @param embedded `[b, T, E]`.
   * @returns per step h `[b, T, H]`, (LSTM) c `[b, T, H]`, attention `[b, T, S]`.
   */
  #bahdanauFirstLayer(
    embedded: tf.Tensor3D,
    state: AttentionDecoderState,
    memory: AttentionMemory,
    score: AdditiveScore,
  ): { hidden: tf.Tensor3D; cell?: tf.Tensor3D; attention: tf.Tensor3D } {
    const H = this.hiddenSize;
    const first = this.rnn.weights(0)[0]!;
    const [b, S] = memory.values.shape;
    const lstm = this.kind === 'lstm';
    const packed = bahdanauDecode(
      {
        embedded,
        weightIH: first.weightIH as tf.Tensor2D,
        biasIH: first.biasIH as tf.Tensor1D,
        initial: (lstm
          ? tf.concat([state.hidden[0]!, state.cell![0]!], 1)
          : state.hidden[0]!) as tf.Tensor2D,
        weightHH: first.weightHH as tf.Tensor2D,
        biasHH: first.biasHH as tf.Tensor1D,
        queryWeight: score.queryWeight,
        scoreVector: score.scoreVector,
        keyFeatures: score.keyFeatures,
        values: memory.values,
        mask: memory.mask ?? (tf.ones([b, S]) as tf.Tensor2D),
      },
      { kind: this.kind, hidden: H },
      { useKernel: this.fused },
    ); // [b, T, R·H + S]
    const parts = tf.split(packed, lstm ? [H, H, S] : [H, S], 2) as tf.Tensor3D[];
    return lstm
      ? { hidden: parts[0]!, cell: parts[1]!, attention: parts[2]! }
      : { hidden: parts[0]!, attention: parts[1]! };
  }

  /** Bahdanau placement through `bahdanauDecode`, then any upper layers over the whole sequence. */
  #bahdanauSequence(
    embedded: tf.Tensor3D,
    state: AttentionDecoderState,
    memory: AttentionMemory,
    score: AdditiveScore,
    pass: Pass,
  ): { hidden: tf.Tensor3D; attention: tf.Tensor3D } {
    const first = this.#bahdanauFirstLayer(embedded, state, memory, score);
    let hidden = first.hidden;
    for (let layer = 1; layer < this.layers; layer++) {
      const input = this.rnn.projectInputs(layer, this.#dropoutOn(hidden, pass));
      hidden = this.rnn.runLayer(
        layer,
        input,
        null,
        state.hidden[layer],
        state.cell?.[layer],
      ).outputs;
    }
    return { hidden, attention: first.attention };
  }

  /** Luong placement without input feeding: recurrences first, then attention over all steps. */
  #luongSequence(
    gates: tf.Tensor3D,
    state: AttentionDecoderState,
    memory: AttentionMemory,
    pass: Pass,
  ): { hidden: tf.Tensor3D; attention: tf.Tensor3D } {
    let top = this.rnn.runLayer(0, gates, null, state.hidden[0], state.cell?.[0]).outputs; // [b, T, H]
    for (let layer = 1; layer < this.layers; layer++) {
      const input = this.rnn.projectInputs(layer, this.#dropoutOn(top, pass));
      top = this.rnn.runLayer(layer, input, null, state.hidden[layer], state.cell?.[layer]).outputs;
    }
    const { context, weights } = this.attention.attend(top, memory, attendOptions(pass));
    return { hidden: this.#attentionalVector(context, top), attention: weights };
  }
}
