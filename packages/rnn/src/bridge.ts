import { assertOneOf, HeedError, Module, TorchLinear, tidyTree, torchLinear } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import type { CellKind } from './cell-kind';
import type { RnnState } from './rnn';

/**
 * How the encoder's final states become the decoder's initial states:
 * - `'linear'`: `tanh(W [h→; h←] + b)` per decoder layer (Bahdanau et al.
 *   initialise from the backward state the same way); works for any sizes.
 * - `'sum'`: forward + backward states (the state itself when
 *   unidirectional); needs encoder H = decoder H.
 * - `'none'`: zeros.
 */
export type BridgeType = 'linear' | 'sum' | 'none';

export const BRIDGE_TYPES: readonly BridgeType[] = ['linear', 'sum', 'none'];

/** The sizes a `Bridge` connects. */
export interface BridgeConfig {
  type: BridgeType;
  encoderCell: CellKind;
  encoderLayers: number;
  encoderDirections: number;
  encoderHidden: number;
  decoderCell: CellKind;
  decoderLayers: number;
  decoderHidden: number;
  seed?: number;
}

/**
 * Encoder final states → decoder initial states. Decoder layer l takes
 * encoder layer l when both have as many layers, else every decoder layer
 * takes the top encoder layer. An LSTM decoder's cell state is bridged the
 * same way from an LSTM encoder's cells, and starts at zero after a GRU
 * encoder. Parameters (`'linear'`): `hidden_l{l}.weight [H_d, D·H_e]`,
 * `hidden_l{l}.bias`, and `cell_l{l}.*` for LSTM → LSTM.
 */
export class Bridge extends Module {
  readonly type: BridgeType;
  readonly #config: BridgeConfig;
  readonly #hidden: TorchLinear[] = [];
  readonly #cell: TorchLinear[] = [];

  constructor(config: BridgeConfig) {
    super(config.seed ?? 0);
    this.#config = { ...config };
    this.type = assertOneOf('Bridge', 'type', config.type, BRIDGE_TYPES);
    const bridgesCell = config.encoderCell === 'lstm' && config.decoderCell === 'lstm';
    if (this.type === 'sum' && config.encoderHidden !== config.decoderHidden) {
      throw new HeedError(
        `Bridge: type 'sum' needs equal encoder and decoder hidden sizes. Received: encoderHidden=${config.encoderHidden}, decoderHidden=${config.decoderHidden}`,
      );
    }
    if (this.type !== 'linear') return;
    const inFeatures = config.encoderDirections * config.encoderHidden;
    for (let layer = 0; layer < config.decoderLayers; layer++) {
      const linear = { inFeatures, outFeatures: config.decoderHidden };
      this.#hidden.push(
        this.addModule(
          `hidden_l${layer}`,
          new TorchLinear({ ...linear, seed: this.childSeed(`hidden_l${layer}`) }),
        ),
      );
      if (bridgesCell) {
        this.#cell.push(
          this.addModule(
            `cell_l${layer}`,
            new TorchLinear({ ...linear, seed: this.childSeed(`cell_l${layer}`) }),
          ),
        );
      }
    }
  }

  /**
   * @param encoder the encoder's final states, per layer `[b, D·H_e]`.
   * @returns per decoder layer `[b, H_d]` (and cells for an LSTM decoder).
   */
  apply(encoder: RnnState): RnnState {
    const config = this.#config;
    return tidyTree(() => {
      const b = encoder.hidden[0]!.shape[0];
      const source = (layer: number) =>
        config.encoderLayers === config.decoderLayers ? layer : config.encoderLayers - 1;
      const bridge = (states: tf.Tensor2D[] | undefined, linears: TorchLinear[], layer: number) => {
        const state = states?.[source(layer)];
        if (this.type === 'none' || !state) {
          return tf.zeros([b, config.decoderHidden]) as tf.Tensor2D;
        }
        if (this.type === 'sum') {
          const directions = tf.split(state, config.encoderDirections, 1);
          return (directions.length === 1 ? directions[0]! : tf.addN(directions)) as tf.Tensor2D;
        }
        const linear = linears[layer]!;
        return tf.tanh(
          torchLinear(state, linear.weight as tf.Tensor2D, linear.bias as tf.Tensor1D),
        ) as tf.Tensor2D;
      };
      const layers = Array.from({ length: config.decoderLayers }, (_, layer) => layer);
      const hidden = layers.map((layer) => bridge(encoder.hidden, this.#hidden, layer));
      if (config.decoderCell !== 'lstm') return { hidden };
      const bridgedCells = config.encoderCell === 'lstm' ? encoder.cell : undefined;
      return { hidden, cell: layers.map((layer) => bridge(bridgedCells, this.#cell, layer)) };
    });
  }

  getConfig(): BridgeConfig {
    return { ...this.#config };
  }
}
