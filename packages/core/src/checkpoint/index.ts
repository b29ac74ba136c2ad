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
export {
  type CheckpointModel,
  modelCheckpointOptions,
  modelFromCheckpoint,
} from './model-checkpoint';
export {
  type DecodedSafetensors,
  type DecodeOptions,
  decodeSafetensors,
  type EncodeSafetensorsOptions,
  encodeSafetensors,
} from './safetensors';
export type { SafetensorsDtype } from './safetensors-dtypes';
