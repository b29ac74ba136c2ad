export type { Checkpoint, LoadIntoResult, SaveCheckpointOptions } from './checkpoint';
export {
  CHECKPOINT_FILES,
  type CheckpointFiles,
  type DecodeCheckpointOptions,
  decodeCheckpoint,
  encodeCheckpoint,
} from './checkpoint-files';
export {
  type CheckpointSource,
  type FetchCheckpointOptions,
  fetchCheckpoint,
  loadCheckpoint,
  loadInto,
  saveCheckpoint,
} from './checkpoint-source';
export { type FetchBytesOptions, fetchBytes, resolvePageUrl } from './fetch-bytes';
export { type CheckpointModel, modelFromCheckpoint } from './model-checkpoint';
export {
  type CheckpointableModel,
  type ModelCheckpoints,
  modelCheckpoints,
} from './model-checkpoints';
export {
  type DecodedSafetensors,
  type DecodeOptions,
  decodeSafetensors,
  type EncodeSafetensorsOptions,
  encodeSafetensors,
} from './safetensors';
export type { SafetensorsDtype } from './safetensors-dtypes';
