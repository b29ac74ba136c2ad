export { writeFileAtomically } from './atomic-file';
export {
  CHECKPOINT_FILES,
  type Checkpoint,
  type CheckpointRecovery,
  type LoadIntoResult,
  loadCheckpoint,
  loadInto,
  locateCheckpoint,
  recoverCheckpoint,
  type SaveCheckpointOptions,
  saveCheckpoint,
} from './checkpoint';
export {
  type DecodedSafetensors,
  type DecodeOptions,
  decodeSafetensors,
  encodeSafetensors,
} from './safetensors';
export type { SafetensorsDtype } from './safetensors-dtypes';
