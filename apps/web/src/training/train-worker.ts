// A Web Worker that trains one model, so the page never freezes: it answers
// `WorkerRequest`s and posts `WorkerEvent`s (see messages.ts).
import { describeBackend, useBackend } from '../backends';
import type { WorkerEvent, WorkerRequest } from './messages';
import { TrainingRun } from './training-run';

const post = (event: WorkerEvent, transfer: Transferable[] = []) =>
  self.postMessage(event, { transfer });
let run: TrainingRun | undefined;

self.onmessage = async (message: MessageEvent<WorkerRequest>) => {
  const request = message.data;
  try {
    switch (request.type) {
      case 'start':
        run = await TrainingRun.train(
          request.config,
          post,
          describeBackend(await useBackend(request.config.backend)),
        );
        break;
      case 'pause':
        run?.pause();
        break;
      case 'resume':
        run?.resume();
        break;
      case 'export': {
        if (run === undefined) throw new Error('no model has been trained yet');
        const bytes = await run.exportBundle();
        post({ type: 'bundle', bytes }, [bytes.buffer]);
        break;
      }
    }
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
