// @heed/core under Node: everything the page's build has, with initBackend,
// loadCheckpoint, loadInto and saveCheckpoint that also reach Node's
// backends and file system, plus the Node-only writeFileAtomically.

export { writeFileAtomically } from '../checkpoint/atomic-file';
export {
  type CheckpointRecovery,
  locateCheckpoint,
  recoverCheckpoint,
  saveCheckpoint,
} from '../checkpoint/checkpoint';
export * from '../index';
export { loadCheckpoint, loadInto, modelCheckpoints } from './checkpoint';
export { initBackend } from './init-backend';
