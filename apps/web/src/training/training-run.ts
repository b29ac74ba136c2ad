import { attentionHeatmap, encodeBundle, type TranslationModel, translate } from '@heed/models';
import { MemoryRunStorage, Trainer, type TrainerHost } from '@heed/train';
import { buildModel } from './build-model';
import type { WorkerEvent } from './messages';
import { BLEU_SENTENCES, type PreparedCorpus, prepareCorpus } from './prepare-corpus';
import { type TrainingConfig, validateTrainingConfig } from './training-config';

/** Updates/s is measured over this many recent updates. */
const SPEED_WINDOW = 20;

/** Tokens the watched sentence's translation may run past its reference (an untrained model rambles). */
export const WATCHED_SLACK = 5;

/** Sends an event to the page. */
export type PostEvent = (event: WorkerEvent) => void;

/**
 * One training run inside a worker: builds the corpus, tokenizers and model
 * the config describes, trains with `@heed/train`'s Trainer (run kept in
 * memory), reports every update, each evaluation and, every
 * `heatmapEvery` updates, the attention of one fixed validation sentence.
 * Pausing holds the trainer between two updates.
 */
export class TrainingRun {
  readonly #config: TrainingConfig;
  readonly #post: PostEvent;
  readonly #corpus: PreparedCorpus;
  readonly #model: TranslationModel;
  readonly #trainer: Trainer;
  #resume: (() => void) | undefined;
  #pauseRequested = false;
  readonly #stepTimes: number[] = [];

  private constructor(config: TrainingConfig, post: PostEvent) {
    this.#config = validateTrainingConfig(config);
    this.#post = post;
    this.#corpus = prepareCorpus(config);
    this.#model = buildModel(config, {
      sourceVocabSize: this.#corpus.tokenizers.source.vocab.size,
      targetVocabSize: this.#corpus.tokenizers.target.vocab.size,
    });
    const host: TrainerHost = {
      createStorage: () => new MemoryRunStorage(),
      defaultOutput: () => undefined,
      yieldBetweenSteps: () => this.#betweenSteps(),
    };
    const target = this.#corpus.tokenizers.target;
    this.#trainer = new Trainer(
      this.#model,
      {
        optimizer: { type: 'adam', learningRate: config.learningRate },
        clipNorm: 1,
        seed: config.seed,
        maxSteps: config.steps,
        checkpointEvery: config.steps,
        progress: 'none',
        evaluation: {
          batches: this.#corpus.validation,
          every: config.evaluateEvery,
          detokenize: (ids) => target.decode(ids),
          decode: { sentences: BLEU_SENTENCES },
        },
        onStep: (record) => this.#onStep(record.step, record.loss),
        onEvaluation: (record) =>
          this.#post({
            type: 'evaluation',
            step: record.step,
            loss: record.loss,
            bleu: record.bleu,
          }),
      },
      host,
    );
  }

  /**
   * Builds the run and starts training on the active backend (`backend`
   * describes it for the page); resolves once the first heat map is posted,
   * while training goes on to the end.
   */
  static async train(
    config: TrainingConfig,
    post: PostEvent,
    backend: string,
  ): Promise<TrainingRun> {
    const run = new TrainingRun(config, post);
    post({
      type: 'started',
      backend,
      parameters: run.#model.parameterCount(),
      trainingBatches: run.#corpus.training.length,
      watched: run.#corpus.watched,
    });
    await run.#drawHeatmap(0);
    run.#fit();
    return run;
  }

  pause(): void {
    this.#pauseRequested = true;
  }

  resume(): void {
    this.#pauseRequested = false;
    this.#resume?.();
    this.#resume = undefined;
  }

  /** The model and tokenizers as an inference bundle (float32 weights). */
  exportBundle(): Promise<Uint8Array> {
    return encodeBundle(this.#model, this.#corpus.tokenizers);
  }

  async #fit(): Promise<void> {
    try {
      const result = await this.#trainer.fit(this.#corpus.training);
      await this.#drawHeatmap(result.steps);
      this.#post({ type: 'finished', step: result.steps, reason: result.stopReason });
    } catch (error) {
      this.#post({
        type: 'error',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  #onStep(step: number, loss: number): void {
    const now = performance.now();
    this.#stepTimes.push(now);
    if (this.#stepTimes.length > SPEED_WINDOW + 1) this.#stepTimes.shift();
    const first = this.#stepTimes[0] as number;
    const updatesPerSecond =
      this.#stepTimes.length > 1 ? ((this.#stepTimes.length - 1) * 1000) / (now - first) : 0;
    this.#post({ type: 'step', step, loss, updatesPerSecond });
  }

  /** Between two updates: redraw the heat map when due, and wait while paused. */
  async #betweenSteps(): Promise<void> {
    const step = this.#trainer.step;
    if (step % this.#config.heatmapEvery === 0 && step < this.#config.steps) {
      await this.#drawHeatmap(step);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (this.#pauseRequested) {
      this.#post({ type: 'paused', step });
      await new Promise<void>((resolve) => {
        this.#resume = resolve;
      });
      this.#stepTimes.length = 0;
    }
  }

  async #drawHeatmap(step: number): Promise<void> {
    const { watched, tokenizers } = this.#corpus;
    const [translation] = await translate(this.#model, tokenizers, [watched.source], {
      attention: true,
      maxLength: tokenizers.target.encode(watched.target).length + WATCHED_SLACK,
    });
    if (translation === undefined) return;
    this.#post({
      type: 'heatmap',
      step,
      translation: translation.hypotheses[0]?.text ?? '',
      heatmap: attentionHeatmap(translation),
    });
  }
}
