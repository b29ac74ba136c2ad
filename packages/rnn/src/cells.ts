import {
  assertBoolean,
  assertKnownKeys,
  assertPositiveInteger,
  assertShape,
  type CellState,
  cellStep,
  initializers,
  Module,
  resolveResetAfter,
  tidyTree,
  torchLinear,
} from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { type CellKind, gateCount } from './cell-kind';

/** Configuration of a `GruCell` or `LstmCell`. */
export interface RecurrentCellConfig {
  inputSize: number;
  hiddenSize: number;
  /** Use heed's cell-step kernel where the backend has it (see `RnnConfig.fused`). Defaults to true. */
  fused?: boolean;
  /** GRU only: the reset gate after the recurrent product (PyTorch) or before it (false; see `RnnConfig.resetAfter`). Defaults to true. */
  resetAfter?: boolean;
  /** Defaults to 0. */
  seed?: number;
}

const KNOWN = ['inputSize', 'hiddenSize', 'fused', 'resetAfter', 'seed'] as const;

/**
 * A single recurrent cell, PyTorch's `nn.GRUCell` / `nn.LSTMCell`: parameters
 * `weight_ih [G·H, in]`, `weight_hh [G·H, H]`, `bias_ih`, `bias_hh [G·H]`
 * under PyTorch's names, initialised U(±1/√H).
 */
abstract class RecurrentCell extends Module {
  abstract readonly kind: CellKind;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly fused: boolean;
  readonly resetAfter: boolean;
  readonly weightIH: tf.Variable;
  readonly weightHH: tf.Variable;
  readonly biasIH: tf.Variable;
  readonly biasHH: tf.Variable;
  readonly #owner: string;

  constructor(owner: string, kind: CellKind, config: RecurrentCellConfig) {
    super(config.seed ?? 0);
    assertKnownKeys(owner, config, KNOWN);
    this.#owner = owner;
    this.inputSize = assertPositiveInteger(owner, 'inputSize', config.inputSize);
    this.hiddenSize = assertPositiveInteger(owner, 'hiddenSize', config.hiddenSize);
    this.fused = assertBoolean(owner, 'fused', config.fused ?? true);
    this.resetAfter = resolveResetAfter(owner, { kind, resetAfter: config.resetAfter });
    const rows = gateCount(kind) * this.hiddenSize;
    const init = initializers.pytorch(this.hiddenSize);
    this.weightIH = this.addParameter('weight_ih', [rows, this.inputSize], init);
    this.weightHH = this.addParameter('weight_hh', [rows, this.hiddenSize], init);
    this.biasIH = this.addParameter('bias_ih', [rows], init);
    this.biasHH = this.addParameter('bias_hh', [rows], init);
  }

  /** A zero state for `batch` rows. */
  zeroState(batch: number): CellState {
    const zeros = () => tf.zeros([batch, this.hiddenSize]) as tf.Tensor2D;
    return this.kind === 'lstm' ? { h: zeros(), c: zeros() } : { h: zeros() };
  }

  /**
   * One step.
   * @param x `[b, inputSize]`.
   * @param state `h [b, H]` (and `c [b, H]` for LSTM).
   */
  step(x: tf.Tensor2D, state: CellState): CellState {
    assertShape(`${this.#owner}.step`, 'x', x.shape, [null, this.inputSize]);
    assertShape(`${this.#owner}.step`, 'state.h', state.h.shape, [x.shape[0], this.hiddenSize]);
    return tidyTree(() => {
      const gx = torchLinear(x, this.weightIH as tf.Tensor2D, this.biasIH as tf.Tensor1D);
      return cellStep(
        { kind: this.kind, resetAfter: this.resetAfter },
        gx,
        { weight: this.weightHH as tf.Tensor2D, bias: this.biasHH as tf.Tensor1D },
        state,
        { useKernel: this.fused },
      );
    });
  }

  getConfig(): Required<RecurrentCellConfig> {
    return {
      inputSize: this.inputSize,
      hiddenSize: this.hiddenSize,
      fused: this.fused,
      resetAfter: this.resetAfter,
      seed: this.seed,
    };
  }
}

/**
 * PyTorch's `nn.GRUCell`: gates r, z, n; `n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))`.
 * With `resetAfter: false`, Keras's default GRU (`reset_after=False`, `tf.layers.gru`):
 * `n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn)`.
 */
export class GruCell extends RecurrentCell {
  readonly kind = 'gru';

  constructor(config: RecurrentCellConfig) {
    super('GruCell', 'gru', config);
  }

  static fromConfig(config: RecurrentCellConfig): GruCell {
    return new GruCell(config);
  }
}

/** PyTorch's `nn.LSTMCell`: gates i, f, g, o; `c' = f ⊙ c + i ⊙ g`, `h' = o ⊙ tanh(c')`. */
export class LstmCell extends RecurrentCell {
  readonly kind = 'lstm';

  constructor(config: RecurrentCellConfig) {
    super('LstmCell', 'lstm', config);
  }

  static fromConfig(config: RecurrentCellConfig): LstmCell {
    return new LstmCell(config);
  }
}
