import type { AttentionHeatmap } from '@heed/viz';
import type { TrainingConfig } from './training-config';

/** What the page asks a training worker to do. */
export type WorkerRequest =
  | { type: 'start'; config: TrainingConfig }
  | { type: 'pause' }
  | { type: 'resume' }
  /** Encode the model as an inference bundle (`model.safetensors`) and send it back. */
  | { type: 'export' };

/** What a training worker tells the page. */
export type WorkerEvent =
  | {
      type: 'started';
      /** The backend in use and why (`initBackend`'s report in words). */
      backend: string;
      parameters: number;
      trainingBatches: number;
      watched: { source: string; target: string };
    }
  | { type: 'step'; step: number; loss: number; updatesPerSecond: number }
  | { type: 'evaluation'; step: number; loss: number; bleu: number | undefined }
  /** The attention of the watched validation sentence's greedy translation after `step` updates. */
  | { type: 'heatmap'; step: number; translation: string; heatmap: AttentionHeatmap }
  | { type: 'paused'; step: number }
  | { type: 'finished'; step: number; reason: string }
  | { type: 'bundle'; bytes: Uint8Array }
  | { type: 'error'; message: string };
