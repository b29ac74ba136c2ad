// @heed/recipe under Node: everything the page's build has, plus the data
// files, checkpoints, run directories, config files and backends a run reads.
export * from '../index';
export {
  assertCompatibleConfig,
  BUNDLE_RUN_KEY,
  bundleRunEntry,
  type LoadedCheckpoint,
  loadTranslationCheckpoint,
  readCheckpointConfig,
  resolveCheckpointDirectory,
  runDirectoryOf,
} from './checkpoint';
export {
  readConfigFile,
  readJsonObject,
} from './config-file';
export {
  assertReadableFile,
  type LoadPairsOptions,
  loadPairs,
} from './load-pairs';
export {
  loadSplits,
  prepareData,
} from './prepare-data';
export {
  assertFreshRunDirectory,
  heedEntries,
  RUN_CHECKPOINTS,
  recoverRunDirectory,
} from './run-directory';
export {
  describeHolder,
  RUN_LOCK_FILE,
  RunLock,
  type RunLockHolder,
} from './run-lock';
export {
  type SelectedBackend,
  selectBackend,
} from './select-backend';
