export { writeFileAtomically } from './atomic-file';
export {
  CHECKPOINT_FILES,
  type Checkpoint,
  type LoadIntoResult,
  loadCheckpoint,
  loadInto,
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
