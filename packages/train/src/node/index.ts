// @heed/train under Node: everything the page's build has, with a Trainer
// that keeps its run in a directory, draws a progress bar and handles
// SIGINT/SIGTERM.
export * from '../index';
export { DirectoryRunStorage } from './directory-run-storage';
export {
  InterruptedError,
  type InterruptSignal,
  SIGNAL_EXIT_CODES,
} from './interrupted-error';
export { SignalRecorder } from './signal-recorder';
export { Trainer } from './trainer';
