export {
  ADAM_STEP,
  type AdamStepAttributes,
  type AdamStepInputs,
  type AdamStepResult,
  adamStep,
} from './adam-step/adam-step';
export {
  BAHDANAU_DECODE,
  type BahdanauAttributes,
  type BahdanauInputs,
  bahdanauDecode,
} from './bahdanau/bahdanau-decode';
export {
  CELL_STEP,
  type CellAttributes,
  cellStep,
  type RecurrentWeights,
} from './cell-step/cell-step';
export type { CellState } from './cell-step/cell-step-reference';
export {
  CELL_KINDS,
  type CellKind,
  gateCount,
  resolveResetAfter,
  stateCount,
} from './cells/cell-kind';
export { EMBEDDING_LOOKUP, embeddingLookup } from './embedding-lookup/embedding-lookup';
export { hasKernel, KERNEL_BACKENDS } from './kernel-host';
export {
  type KernelOptions,
  RECURRENCE,
  type RecurrenceAttributes,
  type RecurrenceInputs,
  recurrence,
} from './recurrence/recurrence';
export { HEED_KERNEL_NAMES, registerHeedKernels } from './register-heed-kernels';
export {
  SOFTMAX_CROSS_ENTROPY,
  SOFTMAX_CROSS_ENTROPY_GRAD,
  type SoftmaxCrossEntropyResult,
  softmaxCrossEntropy,
  softmaxCrossEntropyGrad,
} from './softmax-cross-entropy/softmax-cross-entropy';
export {
  forbidColumn,
  TOP_LOGITS,
  type TopLogits,
  topLogits,
} from './top-logits/top-logits';
