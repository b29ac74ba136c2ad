import {
  assertBoolean,
  assertInRange,
  assertKnownKeys,
  assertOneOf,
  assertPositiveInteger,
  assertShape,
  initializers,
  Module,
  Random,
  recurrence,
  resolveResetAfter,
  tidyTree,
  torchLinear,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { CELL_KINDS, type CellKind, gateCount } from './cell-kind';
import { lengthsTensor, type SequenceLengths } from './lengths';

/** Configuration of an `Rnn`, PyTorch `nn.GRU`/`nn.LSTM` with `batch_first=True`. */
export interface RnnConfig {
  /** `'gru'` or `'lstm'`. Defaults to `'gru'`. */
  cell?: CellKind;
  inputSize: number;
  hiddenSize: number;
  /** Stacked layers. Defaults to 1. */
  layers?: number;
  /** A second, reversed direction per layer, outputs concatenated. Defaults to false. */
  bidirectional?: boolean;
  /** Dropout on every layer's outputs but the last's, while training. Defaults to 0. */
  dropout?: number;
  /**
   * Run each layer with heed's recurrence kernel where the active backend
   * registers one (see `registerHeedKernels`); false always runs
   * the composite TF.js ops step by step. Both give the same numbers (within
   * float32 rounding). Defaults to true.
   */
  fused?: boolean;
  /**
   * GRU only: apply the reset gate after the recurrent product, as PyTorch
   * (`n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))`), or, with false, before
   * it, as Keras's default `reset_after=False` and `tf.layers.gru`
   * (`n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn)`; Keras's one bias is
   * `bias_ih`, and `bias_hh` adds to it). Defaults to true.
   */
  resetAfter?: boolean;
  /** Defaults to 0. */
  seed?: number;
}

const KNOWN = [
  'cell',
  'inputSize',
  'hiddenSize',
  'layers',
  'bidirectional',
  'dropout',
  'fused',
  'resetAfter',
  'seed',
] as const;

/** States of every layer: `[b, D·H]` each, directions side by side (forward first). */
export interface RnnState {
  hidden: tf.Tensor2D[];
  /** LSTM only. */
  cell?: tf.Tensor2D[];
}

/** What `Rnn.forward` returns. */
export interface RnnResult extends RnnState {
  /** `[b, T, D·H]` top-layer outputs, zero past each row's length. */
  outputs: tf.Tensor3D;
}

/** Options of `Rnn.forward`. */
export interface RnnForwardOptions {
  /** `[b]` true lengths; rows stop updating after theirs. Defaults to all T. */
  lengths?: SequenceLengths;
  /** Initial states, as `RnnState`. Defaults to zeros. */
  initial?: RnnState;
  /** Dropout on. Defaults to false. */
  training?: boolean;
  /** Seed of this pass's dropout masks. Defaults to the module's own stream. */
  seed?: number;
}

/** One direction's parameters of one layer, PyTorch layout. */
export interface RnnWeights {
  /** `[G·H, in]`. */
  weightIH: tf.Variable;
  /** `[G·H, H]`. */
  weightHH: tf.Variable;
  /** `[G·H]`. */
  biasIH: tf.Variable;
  /** `[G·H]`. */
  biasHH: tf.Variable;
}

/**
 * A stacked, optionally bidirectional GRU or LSTM over batch-major sequences,
 * with PyTorch's parameters under PyTorch's names: `weight_ih_l{k}[_reverse]
 * [G·H, in]`, `weight_hh_l{k}[_reverse] [G·H, H]`, `bias_ih_l{k}[_reverse]`,
 * `bias_hh_l{k}[_reverse] [G·H]`, gate order r, z, n (GRU) or i, f, g, o
 * (LSTM), initialised U(±1/√H). A `torch.nn.GRU`'s `state_dict()` loads one
 * to one.
 *
 * Each layer computes the input projections of all steps and both
 * directions with one matMul, then runs the recurrence; variable lengths stop
 * each row's state at its last real step and zero its later outputs.
 */
export class Rnn extends Module {
  readonly kind: CellKind;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly layers: number;
  readonly bidirectional: boolean;
  readonly dropout: number;
  readonly fused: boolean;
  readonly resetAfter: boolean;
  readonly #weights: RnnWeights[][];
  readonly #dropoutRandom: Random;

  constructor(config: RnnConfig) {
    super(config.seed ?? 0);
    assertKnownKeys('Rnn', config, KNOWN);
    this.kind = assertOneOf('Rnn', 'cell', config.cell ?? 'gru', CELL_KINDS);
    this.inputSize = assertPositiveInteger('Rnn', 'inputSize', config.inputSize);
    this.hiddenSize = assertPositiveInteger('Rnn', 'hiddenSize', config.hiddenSize);
    this.layers = assertPositiveInteger('Rnn', 'layers', config.layers ?? 1);
    this.bidirectional = assertBoolean('Rnn', 'bidirectional', config.bidirectional ?? false);
    this.dropout = assertInRange('Rnn', 'dropout', config.dropout ?? 0, 0, 0.999999);
    this.fused = assertBoolean('Rnn', 'fused', config.fused ?? true);
    this.resetAfter = resolveResetAfter('Rnn', { kind: this.kind, resetAfter: config.resetAfter });
    this.#dropoutRandom = new Random(this.seed).fork('dropout');
    const H = this.hiddenSize;
    const rows = gateCount(this.kind) * H;
    const init = initializers.pytorch(H);
    this.#weights = Array.from({ length: this.layers }, (_, layer) =>
      Array.from({ length: this.directions }, (_, direction) => {
        const suffix = `_l${layer}${direction === 1 ? '_reverse' : ''}`;
        const input = layer === 0 ? this.inputSize : this.directions * H;
        return {
          weightIH: this.addParameter(`weight_ih${suffix}`, [rows, input], init),
          weightHH: this.addParameter(`weight_hh${suffix}`, [rows, H], init),
          biasIH: this.addParameter(`bias_ih${suffix}`, [rows], init),
          biasHH: this.addParameter(`bias_hh${suffix}`, [rows], init),
        };
      }),
    );
  }

  /** 2 when bidirectional, else 1. */
  get directions(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** D·H, the feature size of the outputs and of each layer's state. */
  get outputSize(): number {
    return this.directions * this.hiddenSize;
  }

  /** The parameters of `layer`, one entry per direction. */
  weights(layer: number): readonly RnnWeights[] {
    const weights = this.#weights[layer];
    if (!weights) throw new RangeError(`Rnn: no layer ${layer}; it has ${this.layers}`);
    return weights;
  }

  /**
   * @param x `[b, T, inputSize]`.
   * @returns top-layer outputs `[b, T, D·H]` and every layer's final states.
   */
  forward(x: tf.Tensor3D, options: RnnForwardOptions = {}): RnnResult {
    assertShape('Rnn.forward', 'x', x.shape, [null, null, this.inputSize]);
    const [b, T] = x.shape;
    const lengths = options.lengths;
    const random = options.seed === undefined ? this.#dropoutRandom : new Random(options.seed);
    const seeds = Array.from({ length: this.layers - 1 }, () =>
      options.training && this.dropout > 0 ? random.nextUint32() : undefined,
    );
    return tidyTree(() => {
      const lengthValues = lengthsTensor('Rnn.forward', lengths, b, T);
      let input = x;
      const hidden: tf.Tensor2D[] = [];
      const cell: tf.Tensor2D[] = [];
      for (let layer = 0; layer < this.layers; layer++) {
        const seed = seeds[layer - 1];
        if (seed !== undefined)
          input = tf.dropout(input, this.dropout, undefined, seed) as tf.Tensor3D;
        const result = this.runLayer(
          layer,
          this.projectInputs(layer, input),
          lengthValues,
          options.initial?.hidden[layer],
          options.initial?.cell?.[layer],
        );
        input = result.outputs;
        hidden.push(result.hidden[0]!);
        if (result.cell) cell.push(result.cell[0]!);
      }
      return { outputs: input, hidden, ...(cell.length ? { cell } : {}) };
    });
  }

  /**
   * `W_ih x + b_ih` of every step and direction of `layer` in one matMul.
   * @param x `[b, T, in]`.
   * @returns `[b, T, D·G·H]`, direction blocks side by side.
   */
  projectInputs(layer: number, x: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => {
      const weights = this.weights(layer);
      const weight =
        weights.length === 1
          ? (weights[0]!.weightIH as tf.Tensor2D)
          : (tf.concat(weights.map((w) => w.weightIH)) as tf.Tensor2D); // [D·G·H, in]
      const bias =
        weights.length === 1
          ? (weights[0]!.biasIH as tf.Tensor1D)
          : (tf.concat(weights.map((w) => w.biasIH)) as tf.Tensor1D); // [D·G·H]
      return torchLinear(x, weight, bias);
    });
  }

  /**
   * Runs the recurrence of `layer` over precomputed input projections.
   * @param gates `[b, T, D·G·H]` from `projectInputs` (plus anything the caller adds).
   * @param lengths `[b]` int32 true lengths; null when every row runs all T steps.
   * @param hidden `[b, D·H]` initial state; zeros when absent.
   * @param cell `[b, D·H]` initial LSTM cell; zeros when absent.
   */
  runLayer(
    layer: number,
    gates: tf.Tensor3D,
    lengths: tf.Tensor1D | null,
    hidden?: tf.Tensor2D,
    cell?: tf.Tensor2D,
  ): RnnResult {
    return tidyTree(() => {
      const [b, T] = gates.shape;
      const size = this.outputSize;
      const lstm = this.kind === 'lstm';
      const h0 = hidden ?? (tf.zeros([b, size]) as tf.Tensor2D);
      const initial = lstm ? (tf.concat([h0, cell ?? tf.zeros([b, size])], 1) as tf.Tensor2D) : h0;
      const weights = this.weights(layer);
      const packed = recurrence(
        {
          gates,
          initial,
          weights: tf.stack(weights.map((w) => w.weightHH)) as tf.Tensor3D, // [D, G·H, H]
          biases: tf.stack(weights.map((w) => w.biasHH)) as tf.Tensor2D, // [D, G·H]
          lengths: lengths ?? (tf.fill([b], T, 'int32') as tf.Tensor1D),
        },
        {
          kind: this.kind,
          hidden: this.hiddenSize,
          directions: this.directions,
          resetAfter: this.resetAfter,
        },
        { useKernel: this.fused },
      ); // [b, T + R, D·H]
      const [outputs, finalH, finalC] = tf.split(packed, lstm ? [T, 1, 1] : [T, 1], 1);
      return {
        outputs: outputs as tf.Tensor3D,
        hidden: [tf.reshape(finalH!, [b, size]) as tf.Tensor2D],
        ...(finalC ? { cell: [tf.reshape(finalC, [b, size]) as tf.Tensor2D] } : {}),
      };
    });
  }

  getConfig(): Required<RnnConfig> {
    return {
      cell: this.kind,
      inputSize: this.inputSize,
      hiddenSize: this.hiddenSize,
      layers: this.layers,
      bidirectional: this.bidirectional,
      dropout: this.dropout,
      fused: this.fused,
      resetAfter: this.resetAfter,
      seed: this.seed,
    };
  }

  static fromConfig(config: RnnConfig): Rnn {
    return new Rnn(config);
  }
}
