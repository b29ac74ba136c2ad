import { type AssignReport, disposeTree, HeedError, invalidArgument } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { type CellKind, gateCount } from './cell-kind';
import type { GruCell, LstmCell } from './cells';
import type { RnnEncoder } from './encoder';
import type { Rnn } from './rnn';

const OWNER = 'loadKerasWeights';

/**
 * One Keras / `tf.layers` recurrent layer, one direction: its weights (Keras
 * layout) and the settings they were trained with.
 */
export interface KerasRecurrentWeights {
  /** `'gru'` or `'lstm'`. */
  cell: CellKind;
  /** `[in, G·H]`, gate blocks in Keras order: GRU z, r, h; LSTM i, f, c, o. */
  kernel: tf.Tensor;
  /** `[H, G·H]`, same order. */
  recurrentKernel: tf.Tensor;
  /**
   * GRU with `resetAfter`: `[2, 3H]` (input bias, recurrent bias); GRU
   * without it and LSTM: `[G·H]`. Omitted when the layer has
   * `use_bias=False` (zeros are loaded).
   */
  bias?: tf.Tensor;
  /**
   * Keras `reset_after` (GRU only). Defaults to true, Keras 2's default.
   * `false` (Keras 1's default, the only kind `tf.layers.gru` builds) loads
   * into a module built with `resetAfter: false`.
   */
  resetAfter?: boolean;
  /** The candidate activation. Defaults to `'tanh'`, the only one heed's cells use. */
  activation?: string;
  /**
   * The gate activation. Defaults to `'sigmoid'` (Keras 2), the only one
   * heed's cells use; `tf.layers` defaults to `'hardSigmoid'`.
   */
  recurrentActivation?: string;
}

/** The parts of a `tf.layers` GRU, LSTM or Bidirectional layer that `kerasLayerWeights` reads. */
export interface KerasLayerLike {
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  getWeights(): tf.Tensor[];
  /** Bidirectional only. */
  readonly forwardLayer?: KerasLayerLike;
  /** Bidirectional only. */
  readonly backwardLayer?: KerasLayerLike;
}

/** Options of `loadKerasWeights`. */
export interface LoadKerasOptions {
  /** A Keras `Embedding`'s `embeddings [V, E]`, loaded into an `RnnEncoder`'s `embedding.table`. */
  embedding?: tf.Tensor;
  /** Throw when a parameter of the module gets no value (e.g. no `embedding`). Defaults to true. */
  strict?: boolean;
}

/** The PyTorch-layout tensors of one Keras layer: `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`. */
export type TorchCellWeights = Map<'weight_ih' | 'weight_hh' | 'bias_ih' | 'bias_hh', tf.Tensor>;

/**
 * Converts one Keras recurrent layer to heed's PyTorch layout: kernels are
 * transposed to `[G·H, in]`; GRU gate blocks go from Keras's z, r, h to
 * PyTorch's r, z, n, and `bias [2, 3H]` splits into `bias_ih` (row 0) and
 * `bias_hh` (row 1) — Keras's `reset_after=True` GRU computes exactly
 * PyTorch's `n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))`. A
 * `reset_after=False` GRU's one bias `[3H]` becomes `bias_ih` and `bias_hh`
 * is zero (heed's `resetAfter: false` cell computes Keras's
 * `hh = tanh(W_h x + b_h + U_h (r ⊙ h))`); LSTM keeps its order (Keras
 * i, f, c, o is PyTorch's i, f, g, o), its one bias becomes `bias_ih` and
 * `bias_hh` is zero. The caller disposes the returned tensors.
 */
export function kerasToTorchWeights(weights: KerasRecurrentWeights): TorchCellWeights {
  const { cell, kernel, recurrentKernel, bias } = weights;
  checkSupported(weights);
  const gates = gateCount(cell);
  const H = recurrentKernel.shape[0] ?? 0;
  const expect = (field: string, tensor: tf.Tensor, shape: number[]) => {
    if (tensor.shape.length !== shape.length || tensor.shape.some((size, i) => size !== shape[i])) {
      throw invalidArgument(OWNER, `${field}.shape`, `must be [${shape.join(', ')}]`, tensor.shape);
    }
  };
  expect('recurrentKernel', recurrentKernel, [H, gates * H]);
  expect('kernel', kernel, [kernel.shape[0] ?? 0, gates * H]);
  const twoBiases = cell === 'gru' && weights.resetAfter !== false;
  if (bias) expect('bias', bias, twoBiases ? [2, gates * H] : [gates * H]);
  const converted = tf.tidy(() => {
    // Keras column blocks → PyTorch row blocks.
    const order = cell === 'gru' ? [1, 0, 2] : [0, 1, 2, 3];
    const reorder = (matrix: tf.Tensor2D) => {
      const blocks = tf.split(matrix, gates, 1); // G × [rows, H]
      return tf.concat(
        order.map((g) => blocks[g] as tf.Tensor2D),
        1,
      );
    }; // [rows, G·H]
    const biases = bias
      ? (tf.reshape(bias, [-1, gates * H]) as tf.Tensor2D)
      : (tf.zeros([twoBiases ? 2 : 1, gates * H]) as tf.Tensor2D); // [2 or 1, G·H]
    const reordered = reorder(biases);
    return {
      weight_ih: tf.transpose(reorder(kernel as tf.Tensor2D)), // [G·H, in]
      weight_hh: tf.transpose(reorder(recurrentKernel as tf.Tensor2D)), // [G·H, H]
      bias_ih: tf.reshape(tf.slice(reordered, [0, 0], [1, -1]), [gates * H]), // [G·H]
      bias_hh: twoBiases
        ? tf.reshape(tf.slice(reordered, [1, 0], [1, -1]), [gates * H])
        : tf.zeros([gates * H]), // [G·H]
    };
  });
  return new Map(Object.entries(converted)) as TorchCellWeights;
}

/**
 * Loads Keras recurrent weights into a `GruCell`/`LstmCell` (one layer), an
 * `Rnn` or an `RnnEncoder` (layers × directions, in the order l0 forward,
 * l0 backward, l1 forward, …: the order `kerasLayerWeights` gives for a
 * stack of layers). For an encoder, `options.embedding` fills
 * `embedding.table`. A GRU layer's `reset_after` must match the module's
 * `resetAfter`; activations other than tanh/sigmoid throw.
 */
export function loadKerasWeights(
  module: GruCell | LstmCell | Rnn | RnnEncoder,
  layers: readonly KerasRecurrentWeights[],
  options: LoadKerasOptions = {},
): AssignReport {
  const rnn = 'rnn' in module ? module.rnn : module;
  const isCell = 'weightIH' in rnn;
  const prefix = 'rnn' in module ? 'rnn.' : '';
  const directions = isCell ? 1 : (rnn as Rnn).directions;
  const expected = isCell ? 1 : (rnn as Rnn).layers * directions;
  if (layers.length !== expected) {
    throw invalidArgument(
      OWNER,
      'layers.length',
      `must be ${expected} (one per layer${directions === 2 ? ' and direction' : ''})`,
      layers.length,
    );
  }
  const values = new Map<string, tf.Tensor>();
  try {
    layers.forEach((layer, index) => {
      if (layer.cell !== rnn.kind) {
        throw new HeedError(
          `${OWNER}: layers[${index}] is a Keras ${layer.cell.toUpperCase()}, the module a ${rnn.kind.toUpperCase()}. Received: cell='${layer.cell}'`,
        );
      }
      const resetAfter = layer.resetAfter ?? true;
      if (layer.cell === 'gru' && resetAfter !== rnn.resetAfter) {
        throw new HeedError(
          `${OWNER}: layers[${index}] is a Keras GRU with reset_after=${resetAfter ? 'True' : 'False'}, the module a GRU with resetAfter: ${rnn.resetAfter}; build the module with resetAfter: ${resetAfter}. Received: resetAfter=${resetAfter}`,
        );
      }
      const suffix = isCell
        ? ''
        : `_l${Math.floor(index / directions)}${index % directions === 1 ? '_reverse' : ''}`;
      for (const [name, tensor] of kerasToTorchWeights(layer)) {
        values.set(`${prefix}${name}${suffix}`, tensor);
      }
    });
    if (options.embedding) values.set('embedding.table', options.embedding);
    return module.assignParameters(values, { strict: options.strict ?? true });
  } finally {
    disposeTree([...values.values()].filter((tensor) => tensor !== options.embedding));
  }
}

/**
 * Reads a `tf.layers` GRU, LSTM or Bidirectional(GRU|LSTM, mergeMode
 * 'concat') layer: its weights and settings, forward then backward. The
 * tensors are the layer's own (not copies).
 */
export function kerasLayerWeights(layer: KerasLayerLike): KerasRecurrentWeights[] {
  const className = layer.getClassName();
  const config = layer.getConfig();
  if (className === 'Bidirectional') {
    if (config.mergeMode !== 'concat') {
      throw invalidArgument(
        OWNER,
        'mergeMode',
        "must be 'concat' (heed concatenates the two directions)",
        config.mergeMode,
      );
    }
    if (!layer.forwardLayer || !layer.backwardLayer) {
      throw new HeedError(`${OWNER}: a Bidirectional layer needs forwardLayer and backwardLayer`);
    }
    return [...kerasLayerWeights(layer.forwardLayer), ...kerasLayerWeights(layer.backwardLayer)];
  }
  const cells: Record<string, CellKind> = { GRU: 'gru', LSTM: 'lstm' };
  const cell = cells[className];
  if (!cell) {
    throw invalidArgument(OWNER, 'layer', 'must be a GRU, LSTM or Bidirectional layer', className);
  }
  const [kernel, recurrentKernel, bias] = layer.getWeights();
  if (!kernel || !recurrentKernel) {
    throw new HeedError(`${OWNER}: the ${className} layer has no weights yet (build it first)`);
  }
  return [
    {
      cell,
      kernel,
      recurrentKernel,
      ...(bias ? { bias } : {}),
      ...(cell === 'gru' ? { resetAfter: config.resetAfter === true } : {}),
      activation: String(config.activation),
      recurrentActivation: String(config.recurrentActivation),
    },
  ];
}

function checkSupported(weights: KerasRecurrentWeights): void {
  const activation = weights.activation ?? 'tanh';
  const recurrentActivation = weights.recurrentActivation ?? 'sigmoid';
  if (activation !== 'tanh') {
    throw invalidArgument(
      OWNER,
      'activation',
      "must be 'tanh' (heed's cells use tanh)",
      activation,
    );
  }
  if (recurrentActivation !== 'sigmoid') {
    throw invalidArgument(
      OWNER,
      'recurrentActivation',
      "must be 'sigmoid' (heed's cells use the logistic sigmoid; tf.layers defaults to 'hardSigmoid', so build the layer with recurrentActivation: 'sigmoid')",
      recurrentActivation,
    );
  }
}
