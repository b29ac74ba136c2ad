import { type LineSeries, renderAttentionSvg } from '@heed/viz';
import type { WorkerEvent } from '../training/messages';
import { TrainingClient } from '../training/training-client';
import type { TrainingConfig } from '../training/training-config';
import { element } from './elements';

/** Losses are drawn as a running mean over this many updates. */
const SMOOTHING = 10;

/** `rnn + additive on dates`. */
export function describeConfig(config: TrainingConfig): string {
  return `${config.arch} + ${config.attention} on ${config.corpus}`;
}

/**
 * One training run as the page shows it: a worker training `config`, a
 * status line (step, loss, updates/s, backend), validation BLEU, and the heat
 * map of the watched validation sentence. Its state is mirrored in data
 * attributes for tests: `data-state`, `data-step`, `data-first-loss`,
 * `data-loss` (the smoothed latest), `data-heatmaps` (redraws so far),
 * `data-heatmap-step`, `data-bleu` and `data-updates-per-second`.
 */
export class RunMonitor {
  readonly element: HTMLElement;
  readonly config: TrainingConfig;
  /** Every update's loss, in order. */
  readonly losses: number[] = [];
  readonly #client: TrainingClient;
  readonly #status = element('p', { class: 'status' }, 'starting…');
  readonly #evaluation = element('p', { class: 'evaluation' }, 'validation: not yet evaluated');
  readonly #heatmap = element('div', { class: 'heatmap' });
  readonly #caption = element('p', { class: 'caption' });
  readonly #onUpdate: () => void;
  #backend = '';
  #watched = '';
  #bundleWaiter: ((bytes: Uint8Array) => void) | undefined;

  /**
   * @param onUpdate Called after each update's event, e.g. to redraw a chart.
   */
  constructor(config: TrainingConfig, onUpdate: () => void) {
    this.config = config;
    this.#onUpdate = onUpdate;
    this.element = element(
      'section',
      { class: 'run', 'data-state': 'starting', 'data-attention': config.attention },
      element('h3', {}, describeConfig(config)),
      this.#status,
      this.#evaluation,
      this.#caption,
      this.#heatmap,
    );
    this.#client = new TrainingClient(config, (event) => this.#handle(event));
  }

  /** The smoothed loss curve, named after the config. */
  series(name = describeConfig(this.config)): LineSeries {
    const points = this.losses.map((_, i) => {
      const window = this.losses.slice(Math.max(0, i + 1 - SMOOTHING), i + 1);
      return { x: i + 1, y: window.reduce((sum, loss) => sum + loss, 0) / window.length };
    });
    return { name, points };
  }

  pause(): void {
    this.#client.pause();
  }

  resume(): void {
    this.#client.resume();
    this.element.dataset.state = 'training';
  }

  /** The trained model as an inference bundle (`model.safetensors` bytes). */
  bundle(): Promise<Uint8Array> {
    return new Promise((resolve) => {
      this.#bundleWaiter = resolve;
      this.#client.requestBundle();
    });
  }

  stop(): void {
    this.#client.stop();
  }

  #handle(event: WorkerEvent): void {
    const dataset = this.element.dataset;
    switch (event.type) {
      case 'started':
        this.#backend = event.backend;
        this.#watched = event.watched.source;
        dataset.state = 'training';
        this.#status.textContent = `${event.parameters} parameters, ${event.trainingBatches} batches per epoch, on ${event.backend}`;
        break;
      case 'step':
        this.losses.push(event.loss);
        dataset.step = String(event.step);
        dataset.firstLoss ??= String(event.loss);
        dataset.loss = String(this.series().points.at(-1)?.y);
        dataset.updatesPerSecond = event.updatesPerSecond.toFixed(2);
        this.#status.textContent = `update ${event.step}/${this.config.steps}, loss ${event.loss.toFixed(3)}, ${event.updatesPerSecond.toFixed(1)} updates/s on ${this.#backend}`;
        this.#onUpdate();
        break;
      case 'evaluation':
        dataset.bleu = String(event.bleu ?? '');
        this.#evaluation.textContent = `validation after ${event.step} updates: loss ${event.loss.toFixed(3)}, BLEU ${event.bleu?.toFixed(1) ?? '–'}`;
        break;
      case 'heatmap':
        dataset.heatmapStep = String(event.step);
        dataset.heatmaps = String(Number(dataset.heatmaps ?? 0) + 1);
        this.#caption.textContent = `after ${event.step} updates: ${this.#watched} → ${event.translation}`;
        this.#heatmap.innerHTML = renderAttentionSvg(event.heatmap, { cellSize: 18, fontSize: 11 });
        break;
      case 'paused':
        dataset.state = 'paused';
        this.#status.textContent = `paused after update ${event.step}`;
        break;
      case 'finished':
        dataset.state = 'finished';
        this.#status.textContent = `finished after ${event.step} updates (${event.reason}) on ${this.#backend}`;
        break;
      case 'bundle':
        this.#bundleWaiter?.(event.bytes);
        this.#bundleWaiter = undefined;
        break;
      case 'error':
        dataset.state = 'error';
        this.#status.textContent = `error: ${event.message}`;
        console.error(`training ${describeConfig(this.config)}: ${event.message}`);
        break;
    }
  }
}
