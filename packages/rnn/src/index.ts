export type { CellState } from '@heed/core';
export {
  AttentionDecoder,
  type AttentionDecoderConfig,
  type AttentionPlacement,
  type DecoderAttentionConfig,
  type DecoderStepResult,
  PLACEMENTS,
} from './attention-decoder';
export { BRIDGE_TYPES, Bridge, type BridgeConfig, type BridgeType } from './bridge';
export { CELL_KINDS, type CellKind, gateCount } from './cell-kind';
export { GruCell, LstmCell, type RecurrentCellConfig } from './cells';
export type { AttentionDecoderState } from './decoder-state';
export { RnnEncoder, type RnnEncoderConfig } from './encoder';
export {
  type KerasLayerLike,
  type KerasRecurrentWeights,
  kerasLayerWeights,
  kerasToTorchWeights,
  type LoadKerasOptions,
  loadKerasWeights,
  type TorchCellWeights,
} from './keras-weights';
export type { SequenceLengths } from './lengths';
export { OutputLayer } from './output-layer';
export {
  Rnn,
  type RnnConfig,
  type RnnForwardOptions,
  type RnnResult,
  type RnnState,
  type RnnWeights,
} from './rnn';
export {
  RnnSeq2Seq,
  type RnnSeq2SeqConfig,
  type Seq2SeqDecoderOptions,
  type Seq2SeqEncoderOptions,
} from './rnn-seq2seq';
export {
  loadTorchStateDict,
  type TorchStateDictOptions,
  torchParameterPath,
} from './torch-state-dict';
