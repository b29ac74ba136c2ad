export { appendMemory } from './attention-memory';
export * from './backend';
export * from './checkpoint';
export { errorLine } from './error-line';
export { HeedError } from './errors';
export {
  createInitializer,
  fans,
  type Initializer,
  type InitializerName,
  initializers,
} from './initializers';
export {
  type AdditiveScore,
  type AttendOptions,
  type Attention,
  type AttentionMemory,
  type AttentionResult,
  BOS_ID,
  type DecoderState,
  type Encoded,
  EOS_ID,
  type ForwardResult,
  type HiddenResult,
  type OutputProjection,
  PAD_ID,
  type RunOptions,
  type Seq2SeqModel,
  type StepResult,
  UNK_ID,
} from './interfaces';
export * from './kernels';
export {
  Dense,
  type DenseConfig,
  dense,
  Embedding,
  type EmbeddingConfig,
  LayerNorm,
  type LayerNormConfig,
  TorchLinear,
  type TorchLinearConfig,
  torchLinear,
} from './layers';
export { causalMask, combineMasks, MASK_NEGATIVE, maskedSoftmax, paddingMask } from './masks';
export {
  type AssignOptions,
  type AssignReport,
  Module,
  type ModuleLike,
  type ParameterOptions,
} from './module';
export { Random } from './random';
export {
  collectTensors,
  disposeTree,
  gatherRows,
  mapTensors,
  type TensorTree,
  tidyTree,
} from './tensor-tree';
export {
  assertBoolean,
  assertInRange,
  assertKnownKeys,
  assertLengths,
  assertNonNegativeInteger,
  assertOneOf,
  assertPositiveInteger,
  assertPositiveNumber,
  assertShape,
  formatValue,
  invalidArgument,
} from './validation';
