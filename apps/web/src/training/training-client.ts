import type { WorkerEvent, WorkerRequest } from './messages';
import type { TrainingConfig } from './training-config';

/**
 * The page's side of one training worker: starts a run, pauses and resumes
 * it, asks for its bundle, and hands every event to `onEvent`. Retraining
 * means a new client; `stop` ends the worker and whatever it held.
 */
export class TrainingClient {
  readonly #worker: Worker;

  constructor(config: TrainingConfig, onEvent: (event: WorkerEvent) => void) {
    this.#worker = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module' });
    this.#worker.onmessage = (message: MessageEvent<WorkerEvent>) => onEvent(message.data);
    this.#worker.onerror = (error) => onEvent({ type: 'error', message: error.message });
    this.#send({ type: 'start', config });
  }

  pause(): void {
    this.#send({ type: 'pause' });
  }

  resume(): void {
    this.#send({ type: 'resume' });
  }

  /** Asks for the model as an inference bundle; it arrives as a `bundle` event. */
  requestBundle(): void {
    this.#send({ type: 'export' });
  }

  stop(): void {
    this.#worker.terminate();
  }

  #send(request: WorkerRequest): void {
    this.#worker.postMessage(request);
  }
}
