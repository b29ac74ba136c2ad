import { type AttentionConfig, createAttention, Linear } from '@heed/attention';
import {
  type Attention,
  type AttentionMemory,
  assertBoolean,
  assertInRange,
  assertKnownKeys,
  assertOneOf,
  assertPositiveInteger,
  Embedding,
  type ForwardResult,
  Module,
  Random,
  type RunOptions,
  tidyTree,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { CELL_KINDS, type CellKind, gateCount } from './cell-kind';
import type { AttentionDecoderState } from './decoder-state';
import { bahdanauStep } from './ops/bahdanau-step';
import { cellStep } from './ops/cell-step';
import { embeddingLookup } from './ops/embedding-lookup';
import { fusedBahdanau } from './ops/fused-bahdanau';
import { linearPretransposed, linearTorch } from './ops/linear';
import { TransposeCache } from './ops/transpose-cache';
import { OutputLayer } from './output-layer';
import { Rnn, type RnnState } from './rnn';

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

/** An attention config for `createAttention` without the sizes the decoder fills in. */
export type DecoderAttentionConfig = Omit<AttentionConfig, 'queryDim' | 'keyDim' | 'valueDim'>;

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
  /** Stacked decoder layers. Defaults to 1. */
  layers?: number;
  /** Any registered attention (its `queryDim`/`keyDim`/`valueDim` are set here). Defaults to `{ type: 'additive' }`. */
  attention?: DecoderAttentionConfig;
  /** Defaults to `'bahdanau'`. */
  placement?: AttentionPlacement;
  /** Luong placement only: feed h̃_{t−1} into step t. Defaults to true. */
  inputFeeding?: boolean;
  /** Dropout between layers and before the output layer, while training. Defaults to 0. */
  dropout?: number;
  /** Fused kernels (see `RnnConfig.fused`). Defaults to true. */
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
  'layers',
  'attention',
  'placement',
  'inputFeeding',
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

/**
 * A PyTorch-layout weight `[out, in]` applied at every step through its
 * transpose `[in, out]`. `weight` is given when gradients must reach it
 * (training); inference multiplies by the transpose alone.
 */
interface StepLinear {
  transposed: tf.Tensor2D;
  weight?: tf.Tensor2D;
}

/** `x · Wᵀ (+ bias)` `[N, out]` for a `StepLinear`. @param x `[N, in]`. */
function applyStepLinear(x: tf.Tensor2D, linear: StepLinear, bias?: tf.Tensor1D): tf.Tensor2D {
  if (linear.weight) return linearPretransposed(x, linear.transposed, linear.weight, bias);
  const product = tf.matMul(x, linear.transposed);
  return (bias ? tf.add(product, bias) : product) as tf.Tensor2D;
}

/** `attend` options of one call in `pass`. */
function attendOptions(pass: Pass): { training: boolean; seed?: number } {
  const seed = pass.attentionDropout?.nextUint32();
  return seed === undefined ? { training: pass.training } : { training: pass.training, seed };
}

/** A decoder layer's weights for a loop of steps, PyTorch layout plus a transposed copy. */
interface StepWeights {
  /** Input columns applied per step: the fed ones `[G·H, F]` for the first layer, `W_ih` above; absent when nothing is fed. */
  input: StepLinear | undefined;
  hidden: StepLinear;
  /** Used above the first layer (the first adds it with its embedding gates). */
  biasIH: tf.Tensor1D;
  biasHH: tf.Tensor1D;
}

interface StepCore {
  /** `[b, H]` the vector the output layer reads. */
  output: tf.Tensor2D;
  state: AttentionDecoderState;
  /** `[b, S]`. */
  weights: tf.Tensor2D;
}

/**
 * An RNN decoder with attention: embedding (PAD row zero, no gradient), a
 * GRU/LSTM stack (`rnn.*`, PyTorch names), any attention from
 * `createAttention` (`attention.*`), Bahdanau or Luong placement (`W_c` is
 * `attentional.weight [H, C + H]`, no bias), and an output layer
 * `output.kernel [H, V]`, `output.bias [V]`.
 *
 * Teacher-forced `forward` applies the output layer to all steps at once. It
 * runs Bahdanau placement with additive attention as one fused op, and Luong
 * placement without input feeding as whole-sequence recurrences followed by
 * one attention call over all steps; everything else steps one token at a
 * time (as does scheduled sampling).
 */
export class AttentionDecoder extends Module {
  readonly embedding: Embedding;
  readonly rnn: Rnn;
  readonly attention: Attention;
  readonly attentional: Linear | undefined;
  readonly output: OutputLayer;
  readonly kind: CellKind;
  readonly hiddenSize: number;
  readonly embeddingDim: number;
  readonly layers: number;
  readonly placement: AttentionPlacement;
  readonly inputFeeding: boolean;
  readonly dropout: number;
  readonly fused: boolean;
  readonly #config: AttentionDecoderConfig;
  readonly #dropoutRandom: Random;
  readonly #samplingRandom: Random;
  /** Transposed step weights for inference, kept across decoding steps. */
  readonly #transposed = new TransposeCache();

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
    this.layers = assertPositiveInteger(owner, 'layers', config.layers ?? 1);
    this.placement = assertOneOf(owner, 'placement', config.placement ?? 'bahdanau', PLACEMENTS);
    this.inputFeeding =
      this.placement === 'luong' &&
      assertBoolean(owner, 'inputFeeding', config.inputFeeding ?? true);
    this.dropout = assertInRange(owner, 'dropout', config.dropout ?? 0, 0, 0.999999);
    this.fused = assertBoolean(owner, 'fused', config.fused ?? true);
    this.#dropoutRandom = new Random(this.seed).fork('dropout');
    this.#samplingRandom = new Random(this.seed).fork('sampling');
    const H = this.hiddenSize;
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
    const fed = this.placement === 'bahdanau' ? C : this.inputFeeding ? H : 0;
    this.rnn = this.addModule(
      'rnn',
      new Rnn({
        cell: this.kind,
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
            new Linear({
              inFeatures: C + H,
              outFeatures: H,
              useBias: false,
              seed: this.childSeed('attentional'),
            }),
          )
        : undefined;
    this.output = this.addModule('output', new OutputLayer(H, vocabSize, this.childSeed('output')));
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
        ...(this.inputFeeding ? { feed: tf.zeros([b, this.hiddenSize]) as tf.Tensor2D } : {}),
        position: 0,
      };
    });
  }

  /**
   * One step of inference: feed the previous tokens, get next-token logits.
   * @param previousTokens `[b]` int32 (BOS first).
   */
  step(
    previousTokens: tf.Tensor1D,
    state: AttentionDecoderState,
    memory: AttentionMemory,
  ): DecoderStepResult {
    return tidyTree(() => {
      const embedded = this.#embed(previousTokens) as tf.Tensor2D; // [b, E]
      if (this.#fusedBahdanauEligible(false)) return this.#bahdanauStep(embedded, state, memory);
      const first = this.rnn.weights(0)[0]!;
      const embeddingColumns = this.#transposed.get(
        'ih0-embedding',
        first.weightIH as tf.Tensor2D,
        (weight) => this.#embeddingColumns(weight),
      );
      const gates = applyStepLinear(
        embedded,
        { transposed: embeddingColumns },
        first.biasIH as tf.Tensor1D,
      ); // [b, G·H]
      const core = this.#stepCore(
        gates,
        state,
        memory,
        this.#stepWeights(this.#transposed),
        INFERENCE,
      );
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
   * @returns logits `[b, T, V]`, the output layer's inputs `[b, T, H]`, attention `[b, T, S]`.
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
   * @returns hidden `[b, T, H]`, attention `[b, T, S]`.
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
    if (sampling > 0) return this.#sampledForward(targetInput, state, memory, sampling, pass);
    const embedded = this.#embed(targetInput) as tf.Tensor3D; // [b, T, E]
    const { hidden, attention } = this.#fusedBahdanauEligible(training)
      ? this.#bahdanauSequence(embedded, state, memory, pass)
      : this.placement === 'luong' && !this.inputFeeding
        ? this.#luongSequence(embedded, state, memory, pass)
        : this.#stepwise(embedded, state, memory, pass);
    return { hidden: this.#dropoutOn(hidden, pass), attention };
  }

  /** Frees the weights and the transposed copies kept for decoding. */
  override dispose(): void {
    this.#transposed.dispose();
    super.dispose();
  }

  getConfig(): AttentionDecoderConfig {
    return { ...this.#config };
  }

  static fromConfig(config: AttentionDecoderConfig): AttentionDecoder {
    return new AttentionDecoder(config);
  }

  /** Whether teacher-forced training can run as one fused Bahdanau op. */
  #fusedBahdanauEligible(training: boolean): boolean {
    if (!this.fused || this.placement !== 'bahdanau' || this.attention.type !== 'additive') {
      return false;
    }
    const config = this.attention.getConfig() as { normalize?: boolean; dropout?: number };
    return !config.normalize && (!training || !config.dropout);
  }

  #dropoutOn<T extends tf.Tensor>(x: T, pass: Pass): T {
    if (!pass.dropout) return x;
    return tf.dropout(x, this.dropout, undefined, pass.dropout.nextUint32()) as T;
  }

  /** Target embeddings (PAD rows zero, no gradient to the PAD row). @param ids int32 `[...]` → `[..., E]`. */
  #embed(ids: tf.Tensor): tf.Tensor {
    return embeddingLookup(this.embedding.table as tf.Tensor2D, ids, this.embedding.paddingId);
  }

  /** `W_ih[:, :E] e + b_ih`, the embedding's share of the first layer's gates. @param embedded `[..., E]`. */
  #embeddingGates<T extends tf.Tensor>(embedded: T): T {
    const first = this.rnn.weights(0)[0]!;
    return linearTorch(
      embedded,
      this.#embeddingColumns(first.weightIH as tf.Tensor2D),
      first.biasIH as tf.Tensor1D,
    ); // [..., G·H]
  }

  /** `W_ih[:, :E]` `[G·H, E]`: the embedding's columns of the first layer's input weights. */
  #embeddingColumns(weightIH: tf.Tensor2D): tf.Tensor2D {
    const rows = gateCount(this.kind) * this.hiddenSize;
    return tf.slice(weightIH, [0, 0], [rows, this.embeddingDim]) as tf.Tensor2D;
  }

  /**
   * Each layer's step weights: fresh transposes with the weights themselves
   * (differentiable) for training, or only the transposes, from `cache`, for
   * inference.
   */
  #stepWeights(cache?: TransposeCache): StepWeights[] {
    const rows = gateCount(this.kind) * this.hiddenSize;
    return Array.from({ length: this.layers }, (_, layer) => {
      const weights = this.rnn.weights(layer)[0]!;
      const inputs = weights.weightIH.shape[1] as number;
      const weightIH = weights.weightIH as tf.Tensor2D;
      const weightHH = weights.weightHH as tf.Tensor2D;
      // [G·H, F]: the fed columns of the first layer, all columns above.
      const fedColumns = (weight: tf.Tensor2D) =>
        layer === 0
          ? (tf.slice(
              weight,
              [0, this.embeddingDim],
              [rows, inputs - this.embeddingDim],
            ) as tf.Tensor2D)
          : weight;
      const stepLinear = (
        key: string,
        weight: tf.Tensor2D,
        select = (whole: tf.Tensor2D) => whole,
      ): StepLinear => {
        if (cache) return { transposed: cache.get(key, weight, select) };
        const part = select(weight);
        return { weight: part, transposed: tf.transpose(part) as tf.Tensor2D };
      };
      const fed = layer > 0 || inputs > this.embeddingDim;
      return {
        input: fed
          ? stepLinear(layer === 0 ? 'ih0-fed' : `ih${layer}`, weightIH, fedColumns)
          : undefined,
        hidden: stepLinear(`hh${layer}`, weightHH),
        biasIH: weights.biasIH as tf.Tensor1D,
        biasHH: weights.biasHH as tf.Tensor1D,
      };
    });
  }

  /**
   * Runs the layer stack one step.
   * @param embeddingGates `[b, G·H]` the first layer's embedding share (bias included).
   * @param fed `[b, F]` what joins the embedding in the first layer's input (context or h̃), if any.
   */
  #layers(
    embeddingGates: tf.Tensor2D,
    fed: tf.Tensor2D | undefined,
    state: AttentionDecoderState,
    weights: StepWeights[],
    pass: Pass,
  ): { hidden: tf.Tensor2D[]; cell: tf.Tensor2D[] } {
    const hidden: tf.Tensor2D[] = [];
    const cell: tf.Tensor2D[] = [];
    let input: tf.Tensor2D | undefined;
    for (let layer = 0; layer < this.layers; layer++) {
      const w = weights[layer]!;
      let gx: tf.Tensor2D;
      if (layer === 0) {
        gx =
          fed && w.input ? tf.add(embeddingGates, applyStepLinear(fed, w.input)) : embeddingGates;
      } else {
        const x = this.#dropoutOn(input as tf.Tensor2D, pass);
        gx = applyStepLinear(x, w.input!, w.biasIH);
      }
      const h = state.hidden[layer]!;
      const gh = applyStepLinear(h, w.hidden, w.biasHH);
      const next = cellStep(
        this.kind,
        gx,
        gh,
        { h, ...(state.cell ? { c: state.cell[layer]! } : {}) },
        this.fused,
      );
      hidden.push(next.h);
      if (next.c) cell.push(next.c);
      input = next.h;
    }
    return { hidden, cell };
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

  #stepCore(
    embeddingGates: tf.Tensor2D,
    state: AttentionDecoderState,
    memory: AttentionMemory,
    layerWeights: StepWeights[],
    pass: Pass,
  ): StepCore {
    const position = state.position;
    if (this.placement === 'bahdanau') {
      const { context, weights } = this.#attend(state.hidden[0]!, memory, position, pass);
      const next = this.#layers(embeddingGates, context, state, layerWeights, pass);
      return {
        output: next.hidden[this.layers - 1]!,
        state: {
          hidden: next.hidden,
          ...(next.cell.length ? { cell: next.cell } : {}),
          position: position + 1,
        },
        weights,
      };
    }
    const next = this.#layers(embeddingGates, state.feed, state, layerWeights, pass);
    const top = next.hidden[this.layers - 1]!;
    const { context, weights } = this.#attend(top, memory, position, pass);
    const attentional = tf.tanh(
      linearTorch(
        tf.concat([context, top], 1) as tf.Tensor2D,
        (this.attentional as Linear).weight as tf.Tensor2D,
      ),
    ) as tf.Tensor2D; // [b, H]
    return {
      output: attentional,
      state: {
        hidden: next.hidden,
        ...(next.cell.length ? { cell: next.cell } : {}),
        ...(this.inputFeeding ? { feed: attentional } : {}),
        position: position + 1,
      },
      weights,
    };
  }

  /** Teacher forcing one step at a time. @param embedded `[b, T, E]`. */
  #stepwise(
    embedded: tf.Tensor3D,
    state: AttentionDecoderState,
    memory: AttentionMemory,
    pass: Pass,
  ): { hidden: tf.Tensor3D; attention: tf.Tensor3D } {
    const gates = tf.unstack(this.#embeddingGates(embedded), 1) as tf.Tensor2D[]; // T × [b, G·H]
    const stepWeights = this.#stepWeights();
    const outputs: tf.Tensor2D[] = [];
    const weights: tf.Tensor2D[] = [];
    let current = state;
    for (const input of gates) {
      const core = this.#stepCore(input, current, memory, stepWeights, pass);
      outputs.push(core.output);
      weights.push(core.weights);
      current = core.state;
    }
    return {
      hidden: tf.stack(outputs, 1) as tf.Tensor3D,
      attention: tf.stack(weights, 1) as tf.Tensor3D,
    };
  }

  /** Scheduled sampling: each step's input token is the previous argmax with probability p. */
  #sampledForward(
    targetInput: tf.Tensor2D,
    state: AttentionDecoderState,
    memory: AttentionMemory,
    probability: number,
    pass: Pass,
  ): { hidden: tf.Tensor3D; attention: tf.Tensor3D; logits: tf.Tensor3D } {
    const [b, T] = targetInput.shape;
    const gold = tf.unstack(targetInput, 1) as tf.Tensor1D[];
    const logits: tf.Tensor2D[] = [];
    const outputs: tf.Tensor2D[] = [];
    const weights: tf.Tensor2D[] = [];
    const stepWeights = this.#stepWeights();
    let current = state;
    for (let t = 0; t < T; t++) {
      let tokens = gold[t]!;
      if (t > 0) {
        const flips = Array.from({ length: b }, () => pass.sampling.next() < probability);
        const own = tf.cast(tf.argMax(logits[t - 1]!, 1), 'int32') as tf.Tensor1D;
        tokens = tf.where(tf.tensor1d(flips, 'bool'), own, tokens);
      }
      const gates = this.#embeddingGates(this.#embed(tokens) as tf.Tensor2D);
      const core = this.#stepCore(gates, current, memory, stepWeights, pass);
      const output = this.#dropoutOn(core.output, pass);
      outputs.push(output);
      logits.push(this.output.apply(output));
      weights.push(core.weights);
      current = core.state;
    }
    return {
      logits: tf.stack(logits, 1) as tf.Tensor3D,
      hidden: tf.stack(outputs, 1) as tf.Tensor3D,
      attention: tf.stack(weights, 1) as tf.Tensor3D,
    };
  }

  /** One inference step of Bahdanau placement with additive attention, fused (see `bahdanauStep`). */
  #bahdanauStep(
    embedded: tf.Tensor2D,
    state: AttentionDecoderState,
    memory: AttentionMemory,
  ): DecoderStepResult {
    const first = this.rnn.weights(0)[0]!;
    const parameters = this.attention.namedParameters();
    const mask = memory.mask ? (memory.mask.dataSync() as Float32Array) : null;
    const transposed = (key: string, weight: tf.Variable) =>
      this.#transposed.get(key, weight as tf.Tensor2D);
    const next = bahdanauStep(this.kind, mask, {
      embedded,
      h: state.hidden[0]!,
      ...(state.cell ? { c: state.cell[0]! } : {}),
      weightIHT: transposed('ih0', first.weightIH),
      biasIH: first.biasIH as tf.Tensor1D,
      weightHHT: transposed('hh0', first.weightHH),
      biasHH: first.biasHH as tf.Tensor1D,
      weightQueryT: transposed('W2', parameters.get('W2') as tf.Variable),
      v: parameters.get('v') as tf.Tensor1D,
      keyFeatures: memory.cache.keyFeatures as tf.Tensor3D,
      values: memory.values,
    });
    const hidden = [next.h];
    const cell = next.c ? [next.c] : [];
    for (let layer = 1; layer < this.layers; layer++) {
      const weights = this.rnn.weights(layer)[0]!;
      const h = state.hidden[layer]!;
      const project = (x: tf.Tensor2D, key: string, weight: tf.Variable, bias: tf.Variable) =>
        applyStepLinear(x, { transposed: transposed(key, weight) }, bias as tf.Tensor1D);
      const result = cellStep(
        this.kind,
        project(hidden[layer - 1]!, `ih${layer}`, weights.weightIH, weights.biasIH),
        project(h, `hh${layer}`, weights.weightHH, weights.biasHH),
        { h, ...(state.cell ? { c: state.cell[layer]! } : {}) },
        true,
      );
      hidden.push(result.h);
      if (result.c) cell.push(result.c);
    }
    return {
      logits: this.output.apply(hidden[this.layers - 1]!),
      state: { hidden, ...(cell.length ? { cell } : {}), position: state.position + 1 },
      attention: next.weights,
    };
  }

  /** Bahdanau placement with additive attention as one fused op (then any upper layers). */
  #bahdanauSequence(
    embedded: tf.Tensor3D,
    state: AttentionDecoderState,
    memory: AttentionMemory,
    pass: Pass,
  ): { hidden: tf.Tensor3D; attention: tf.Tensor3D } {
    const H = this.hiddenSize;
    const E = this.embeddingDim;
    const GH = gateCount(this.kind) * H;
    const first = this.rnn.weights(0)[0]!;
    const C = (first.weightIH.shape[1] as number) - E;
    const embeddingWeight = tf.slice(first.weightIH, [0, 0], [GH, E]) as tf.Tensor2D;
    const contextWeight = tf.slice(first.weightIH, [0, E], [GH, C]) as tf.Tensor2D;
    const parameters = this.attention.namedParameters();
    const mask = memory.mask ? (memory.mask.dataSync() as Float32Array) : null;
    const S = memory.values.shape[1];
    const packed = fusedBahdanau(
      { kind: this.kind, hidden: H, mask },
      {
        embeddingGates: linearTorch(embedded, embeddingWeight, first.biasIH as tf.Tensor1D),
        initial: (state.cell
          ? tf.concat([state.hidden[0]!, state.cell[0]!], 1)
          : state.hidden[0]!) as tf.Tensor2D,
        weightHH: first.weightHH as tf.Tensor2D,
        biasHH: first.biasHH as tf.Tensor1D,
        weightQuery: parameters.get('W2') as tf.Tensor2D,
        weightContext: contextWeight,
        keyFeatures: memory.cache.keyFeatures as tf.Tensor3D,
        values: memory.values,
        v: parameters.get('v') as tf.Tensor1D,
      },
    ); // [b, T, H + S]
    const [firstOutputs, attention] = tf.split(packed, [H, S], 2) as tf.Tensor3D[];
    let hidden = firstOutputs!;
    for (let layer = 1; layer < this.layers; layer++) {
      const gates = this.rnn.projectInputs(layer, this.#dropoutOn(hidden, pass));
      hidden = this.rnn.runLayer(
        layer,
        gates,
        null,
        state.hidden[layer],
        state.cell?.[layer],
      ).outputs;
    }
    return { hidden, attention: attention! };
  }

  /** Luong placement without input feeding: recurrences first, then attention over all steps. */
  #luongSequence(
    embedded: tf.Tensor3D,
    state: AttentionDecoderState,
    memory: AttentionMemory,
    pass: Pass,
  ): { hidden: tf.Tensor3D; attention: tf.Tensor3D } {
    let top = embedded;
    for (let layer = 0; layer < this.layers; layer++) {
      const input = layer > 0 ? this.#dropoutOn(top, pass) : top;
      top = this.rnn.runLayer(
        layer,
        this.rnn.projectInputs(layer, input),
        null,
        state.hidden[layer],
        state.cell?.[layer],
      ).outputs; // [b, T, H]
    }
    const { context, weights } = this.attention.attend(top, memory, attendOptions(pass));
    const attentional = tf.tanh(
      linearTorch(
        tf.concat([context, top], 2) as tf.Tensor3D,
        (this.attentional as Linear).weight as tf.Tensor2D,
      ),
    ) as tf.Tensor3D; // [b, T, H]
    return { hidden: attentional, attention: weights };
  }
}
