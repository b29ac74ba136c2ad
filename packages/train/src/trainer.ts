import { HeedError, Random, type Seq2SeqModel } from '@heed/core';
import * as tf from '@tensorflow/tfjs-core';
import { batchTensors, type PackedBatch, packBatch } from './batch';
import { clipByGlobalNorm, globalNorm } from './clip-by-global-norm';
import { createOptimizer } from './create-optimizer';
import { batchesFrom, batchesPerEpoch, type DataPosition, type TrainingData } from './data-order';
import { evaluateModel } from './evaluate';
import { createSchedule, type LearningRateSchedule } from './learning-rate-schedule';
import { formatDuration, ProgressReporter } from './progress';
import type { RunStorage } from './run-storage';
import { createSamplingSchedule, type SamplingSchedule } from './scheduled-sampling';
import { SlotOptimizer } from './slot-optimizer';
import { type InterruptWatch, PAGE_HOST, type TrainerHost } from './trainer-host';
import {
  describeOptions,
  type EvaluationRecord,
  type StepRecord,
  type TrainerOptions,
  validateTrainerOptions,
} from './trainer-options';
import {
  loadTrainingCheckpoint,
  saveTrainingCheckpoint,
  TRAINING_STATE_VERSION,
  type TrainingState,
} from './training-checkpoint';
import { createTrainingLoss, type TrainingLoss } from './training-loss';
import { WeightAverage } from './weight-average';

/** Why `fit` returned. */
export type StopReason =
  | 'max-steps'
  | 'max-epochs'
  | 'max-seconds'
  | 'early-stopping'
  | 'interrupted';

/** What `fit` returns. */
export interface FitResult {
  stopReason: StopReason;
  /** Updates done in total (a resumed run counts the earlier ones). */
  steps: number;
  /** The loss of the last update. */
  lastLoss: number;
  /** The best monitored evaluation, if any evaluation ran. */
  best: TrainingState['best'];
  evaluations: EvaluationRecord[];
  runDirectory: string;
  /** The latest checkpoint (saved on return), a location in the run's storage. */
  lastCheckpoint: string;
  /** The best checkpoint, when evaluations ran. */
  bestCheckpoint: string | undefined;
}

/** Thrown when a loss or gradient is NaN or infinite; nothing was applied or saved. */
export class NonFiniteError extends HeedError {
  constructor(message: string) {
    super(message);
    this.name = 'NonFiniteError';
  }
}

const OWNER = 'Trainer';

/**
 * Trains any `Seq2SeqModel` (RNN, Transformer or your own) on batches of token
 * ids: teacher-forced `forward`, a loss from `@heed/losses` (or your own),
 * one `tf.variableGrads` per update inside `tf.tidy`, optional global-norm
 * clipping, heed's Adam/AdamW/SGD with a learning-rate schedule. One number
 * pair (loss, gradient norm) is read back per update, and only to refuse a
 * non-finite one before it is applied.
 *
 * A run logs every step and evaluation and keeps `last` and `best`
 * checkpoints (weights, optimiser state, step, generator state, data
 * position, vocab, config) in its `RunStorage`: under Node a run directory
 * (`metrics.jsonl`, `last/`, `best/`, each written atomically), in a page
 * memory (`MemoryRunStorage`) unless `options.storage` says otherwise.
 * `resume` restores all of it, so an interrupted run continues exactly as if
 * it had never stopped. With `averaging`, evaluations and checkpoints use an
 * exponential moving average of the weights (`WeightAverage`). `host` supplies what differs between Node and a page
 * (the Node build of `@heed/train` passes Node's).
 */
export class Trainer {
  readonly model: Seq2SeqModel;
  readonly optimizer: SlotOptimizer;
  /** Where the run's log and checkpoints go. */
  readonly storage: RunStorage;
  /** The storage's location: under Node, the run directory. */
  readonly runDirectory: string;
  readonly #options: TrainerOptions;
  readonly #host: TrainerHost;
  readonly #seed: number;
  readonly #schedule: LearningRateSchedule;
  readonly #sampling: SamplingSchedule | undefined;
  readonly #loss: TrainingLoss;
  readonly #random: Random;
  readonly #average: WeightAverage | undefined;
  #step = 0;
  #position: DataPosition = { epoch: 0, batch: 0 };
  #learningRate: number;
  #best: TrainingState['best'] = null;
  #evaluationsWithoutImprovement = 0;
  #tokens = 0;
  #seconds = 0;
  #lastSavedStep: number | undefined;

  constructor(model: Seq2SeqModel, options: TrainerOptions, host: TrainerHost = PAGE_HOST) {
    validateTrainerOptions(options);
    this.model = model;
    this.#host = host;
    this.#options = options;
    this.#seed = options.seed ?? 0;
    this.optimizer = SlotOptimizer.isSlotOptimizer(options.optimizer)
      ? options.optimizer
      : createOptimizer(options.optimizer ?? { type: 'adam', learningRate: 1e-3 });
    this.#learningRate = this.optimizer.learningRate;
    this.#schedule = createSchedule(this.#scheduleConfig(), this.optimizer.learningRate);
    this.#sampling = options.scheduledSampling
      ? createSamplingSchedule(options.scheduledSampling)
      : undefined;
    this.#loss = createTrainingLoss(options.loss ?? { type: 'full' }, model, this.#seed);
    this.#random = new Random(this.#seed).fork('trainer');
    this.#average = options.averaging
      ? new WeightAverage(model.namedParameters(), options.averaging)
      : undefined;
    this.storage = options.storage ?? host.createStorage(options, this.#seed);
    this.runDirectory = this.storage.location;
  }

  /** Updates done so far. */
  get step(): number {
    return this.#step;
  }

  /** `<runDirectory>/last`. */
  get lastCheckpoint(): string {
    return this.storage.resolve('last');
  }

  /** `<runDirectory>/best`. */
  get bestCheckpoint(): string {
    return this.storage.resolve('best');
  }

  /**
   * Restores weights, optimiser state and training state from a checkpoint
   * (by default this run's `last/`), so the next `fit` continues exactly where
   * that run stopped.
   */
  async resume(directory: string = this.lastCheckpoint): Promise<void> {
    const config = await loadTrainingCheckpoint(
      directory,
      this.model,
      this.optimizer,
      this.storage,
      this.#average,
    );
    const state = config.training;
    this.#step = state.step;
    this.#position = { ...state.position };
    this.#random.setState(state.random);
    this.#loss.setState(state.loss);
    this.#schedule.setState(state.schedule);
    this.#learningRate = state.learningRate;
    this.#best = state.best;
    this.#evaluationsWithoutImprovement = state.evaluationsWithoutImprovement;
    this.#tokens = state.tokens;
    this.#seconds = state.seconds;
    this.#lastSavedStep = state.step;
  }

  /** Saves a checkpoint of the current state (atomically) to `directory`. */
  async save(directory: string = this.lastCheckpoint): Promise<void> {
    await saveTrainingCheckpoint(
      directory,
      this.model,
      this.optimizer,
      {
        model: this.#options.modelConfig ?? this.model.getConfig(),
        vocab: this.#options.vocab ?? null,
        trainer: describeOptions(this.#options, this.optimizer),
        training: this.#trainingState(),
      },
      this.storage,
      this.#average,
    );
  }

  /**
   * Trains until a limit (`maxSteps`, `maxEpochs`, `maxSeconds`), early
   * stopping, or SIGINT/SIGTERM, then saves `last/` and returns. A non-finite
   * loss or gradient throws a `NonFiniteError` before the update is applied,
   * leaving the saved checkpoints as they were.
   */
  async fit(data: TrainingData): Promise<FitResult> {
    const options = this.#options;
    const evaluation = options.evaluation;
    const evaluateSeconds = evaluation?.everySeconds;
    const evaluateEvery = evaluation?.every ?? (evaluateSeconds === undefined ? 1000 : undefined);
    const checkpointEvery = options.checkpointEvery ?? evaluateEvery ?? Number.POSITIVE_INFINITY;
    const logEvery = options.logEvery ?? 100;
    const run = this.storage;
    const logSeconds = options.logSeconds ?? 30;
    const progress = new ProgressReporter(
      options.progress ?? 'auto',
      options.output ?? this.#host.defaultOutput(),
      this.#host.createBar,
    );
    const guard =
      options.handleInterrupts === false
        ? undefined
        : this.#host.watchInterrupts?.((signal) =>
            progress.message(`${signal}: stopping after this step and saving a checkpoint`),
          );
    const variables = this.model.trainableParameters();
    const totalSteps = this.#totalSteps(data);
    const evaluations: EvaluationRecord[] = [];
    const secondsBefore = this.#seconds;
    const started = performance.now();
    const elapsed = () => secondsBefore + (performance.now() - started) / 1000;
    let interval = { steps: 0, loss: 0, tokens: 0, since: performance.now() };
    let stopReason: StopReason | undefined;
    let lastLoss = Number.NaN;
    const stepsAtStart = this.#step;
    let lastEvaluationEnd = elapsed();

    run.log('start', {
      step: this.#step,
      backend: tf.getBackend(),
      parameters: this.model.parameterCount(),
      runDirectory: this.runDirectory,
      trainer: describeOptions(options, this.optimizer),
    });
    progress.message(
      `training on ${tf.getBackend()}: ${this.model.parameterCount()} parameters, seed ${this.#seed}, ${this.#step > 0 ? `resuming at step ${this.#step}, ` : ''}run directory ${this.runDirectory}`,
    );
    try {
      const batches = batchesFrom(data, this.#position, this.#seed, options.shuffle ?? true);
      while (stopReason === undefined) {
        stopReason = this.#limitReached(elapsed(), guard);
        if (stopReason) break;
        const { value: placed } = batches.next();
        if (options.maxEpochs !== undefined && placed.epoch >= options.maxEpochs) {
          stopReason = 'max-epochs';
          break;
        }
        const packed = packBatch(OWNER, placed.batch);
        const step = this.#step + 1;
        const learningRate = this.#schedule.rate(step, elapsed());
        const samplingProbability = this.#sampling?.(step) ?? 0;
        this.optimizer.learningRate = learningRate;
        const [loss, gradientNorm] = await this.#update(packed, variables, samplingProbability);
        if (!Number.isFinite(loss) || !Number.isFinite(gradientNorm)) {
          const what = Number.isFinite(loss)
            ? `gradient norm became ${gradientNorm}`
            : `loss became ${loss}`;
          const saved =
            this.#lastSavedStep === undefined
              ? 'No checkpoint had been saved yet.'
              : `The last good checkpoint (step ${this.#lastSavedStep}) is intact at ${this.lastCheckpoint}.`;
          const message = `${OWNER}: the ${what} at step ${step} (epoch ${placed.epoch}, batch ${placed.index}, both counted from 0 as in metrics.jsonl); training stopped without applying it. ${saved} Try a lower learning rate or gradient clipping (clipNorm).`;
          run.log('error', { step, loss, gradientNorm, message });
          throw new NonFiniteError(message);
        }
        this.#step = step;
        this.#average?.update(step);
        this.#learningRate = learningRate;
        this.#position = { epoch: placed.epoch, batch: placed.index + 1 };
        this.#tokens += packed.targetTokens;
        lastLoss = loss;
        const record: StepRecord = {
          step,
          epoch: placed.epoch,
          batch: placed.index,
          loss,
          gradientNorm,
          learningRate,
          samplingProbability,
          tokens: packed.targetTokens,
        };
        run.log('step', { ...record });
        options.onStep?.(record);

        interval.steps++;
        interval.loss += loss;
        interval.tokens += packed.targetTokens;
        const lineDue = logSeconds > 0 && (performance.now() - interval.since) / 1000 >= logSeconds;
        if (progress.isBar || step % logEvery === 0 || lineDue) {
          const seconds = (performance.now() - interval.since) / 1000;
          const stepsPerSecond = (step - stepsAtStart) / Math.max(1e-9, elapsed() - secondsBefore);
          progress.update({
            step,
            totalSteps,
            epoch: placed.epoch,
            loss: interval.loss / interval.steps,
            learningRate,
            tokensPerSecond: interval.tokens / Math.max(1e-9, seconds),
            etaSeconds: this.#eta(totalSteps, stepsPerSecond, elapsed()),
          });
          if (!progress.isBar || seconds > 5) {
            interval = { steps: 0, loss: 0, tokens: 0, since: performance.now() };
          }
        }

        const timedEvaluation =
          evaluateSeconds !== undefined && elapsed() - lastEvaluationEnd >= evaluateSeconds;
        if (
          evaluation &&
          ((evaluateEvery !== undefined && step % evaluateEvery === 0) || timedEvaluation)
        ) {
          const result = await this.#evaluate(run, progress, elapsed);
          lastEvaluationEnd = elapsed();
          evaluations.push(result);
          if (
            evaluation.patience !== undefined &&
            this.#evaluationsWithoutImprovement >= evaluation.patience
          ) {
            stopReason = 'early-stopping';
          }
        }
        if (
          step % checkpointEvery === 0 ||
          (timedEvaluation && options.checkpointEvery === undefined)
        ) {
          await this.#saveLast(run, elapsed, 'interval');
        }
        // Let signals, I/O and a page's rendering in between updates.
        await this.#host.yieldBetweenSteps();
      }
      // A run stopped by its time limit is evaluated once more unless its last update just was,
      // so that `best/` can be the final model and not one from up to an interval earlier.
      if (
        evaluation &&
        stopReason === 'max-seconds' &&
        this.#step > stepsAtStart &&
        evaluations.at(-1)?.step !== this.#step
      ) {
        evaluations.push(await this.#evaluate(run, progress, elapsed));
      }
      if (this.#lastSavedStep !== this.#step || stopReason === 'interrupted') {
        await this.#saveLast(run, elapsed, stopReason ?? 'end');
      }
      run.log('stop', { step: this.#step, reason: stopReason, seconds: elapsed() });
      progress.message(
        `stopped at step ${this.#step} (${stopReason}) after ${formatDuration(elapsed())}; checkpoint ${this.lastCheckpoint}`,
      );
      return {
        stopReason: stopReason ?? 'max-steps',
        steps: this.#step,
        lastLoss,
        best: this.#best,
        evaluations,
        runDirectory: this.runDirectory,
        lastCheckpoint: this.lastCheckpoint,
        bestCheckpoint: this.#best ? this.bestCheckpoint : undefined,
      };
    } catch (error) {
      if (!(error instanceof NonFiniteError)) {
        run.log('error', {
          step: this.#step,
          message: (error as Error)?.message ?? String(error),
        });
      }
      throw error;
    } finally {
      this.#seconds = elapsed();
      progress.stop();
      run.close();
      guard?.dispose();
    }
  }

  /**
   * Runs `body` with the weights that evaluations and checkpoints use in the
   * model: the averages with `averaging`, else the live weights. The live
   * weights are back in the model when it returns.
   */
  async withEvaluatedWeights<T>(body: () => Promise<T>): Promise<T> {
    return this.#average ? this.#average.withAveragesInModel(body) : body();
  }

  /** Frees the optimiser's state and the weight averages (the model belongs to the caller). */
  dispose(): void {
    this.optimizer.dispose();
    this.#average?.dispose();
  }

  /**
   * One update: resolves to [loss, gradient norm], the one read per step
   * (asynchronous, as a GPU backend needs); applies nothing if either is
   * non-finite.
   */
  async #update(
    packed: PackedBatch,
    variables: tf.Variable[],
    samplingProbability: number,
  ): Promise<[number, number]> {
    const runOptions = {
      training: true,
      seed: this.#random.nextUint32(),
      ...(this.#sampling ? { samplingProbability } : {}),
    };
    const { names, clipped, lossAndNorm } = tf.tidy(() => {
      const tensors = batchTensors(packed);
      const { value, grads } = tf.variableGrads(
        () => this.#loss.compute(tensors, runOptions),
        variables,
      );
      const named = variables.filter((variable) => grads[variable.name] !== undefined);
      const gradients = named.map((variable) => grads[variable.name] as tf.Tensor);
      const { clipped, norm } =
        this.#options.clipNorm === undefined
          ? { clipped: gradients, norm: globalNorm(gradients) }
          : clipByGlobalNorm(gradients, this.#options.clipNorm);
      const names = named.map((variable) => variable.name);
      return { names, clipped, lossAndNorm: tf.stack([value, norm]) };
    });
    try {
      const [loss = Number.NaN, gradientNorm = Number.NaN] = await lossAndNorm.data();
      if (Number.isFinite(loss) && Number.isFinite(gradientNorm)) {
        this.optimizer.applyGradients(
          names.map((name, i) => ({ name, tensor: clipped[i] as tf.Tensor })),
        );
      }
      return [loss, gradientNorm];
    } finally {
      tf.dispose([lossAndNorm, ...clipped]);
    }
  }

  async #evaluate(
    run: RunStorage,
    progress: ProgressReporter,
    elapsed: () => number,
  ): Promise<EvaluationRecord> {
    const evaluation = this.#options.evaluation;
    if (!evaluation) throw new HeedError(`${OWNER}: no evaluation options`);
    const started = performance.now();
    const {
      hypotheses: _,
      references: __,
      ...result
    } = await this.withEvaluatedWeights(() =>
      evaluateModel(this.model, evaluation.batches, {
        ...(evaluation.decode === undefined ? {} : { decode: evaluation.decode }),
        ...(evaluation.detokenize ? { detokenize: evaluation.detokenize } : {}),
      }),
    );
    const monitor = evaluation.monitor ?? 'loss';
    const value = result[monitor] ?? Number.NaN;
    const best = this.#best;
    const improved =
      Number.isFinite(value) &&
      (best === null || (monitor === 'loss' ? value < best.value : value > best.value));
    if (improved) {
      this.#best = { metric: monitor, value, step: this.#step };
      this.#evaluationsWithoutImprovement = 0;
    } else {
      this.#evaluationsWithoutImprovement++;
    }
    if (Number.isFinite(value)) this.#schedule.observe(value);
    const record: EvaluationRecord = {
      step: this.#step,
      ...result,
      seconds: (performance.now() - started) / 1000,
      improved,
    };
    if (improved) await this.save(this.bestCheckpoint);
    run.log('evaluation', { ...record });
    progress.message(
      [
        `eval step ${record.step}`,
        `loss ${record.loss.toFixed(4)}`,
        `ppl ${record.perplexity.toFixed(2)}`,
        ...(record.bleu === undefined ? [] : [`BLEU ${record.bleu.toFixed(2)}`]),
        ...(record.chrf === undefined ? [] : [`chrF ${record.chrf.toFixed(2)}`]),
        `${record.seconds.toFixed(1)}s${improved ? ' (best)' : ''}`,
      ].join(' | '),
    );
    this.#options.onEvaluation?.(record);
    this.#seconds = elapsed();
    return record;
  }

  async #saveLast(run: RunStorage, elapsed: () => number, reason: string): Promise<void> {
    this.#seconds = elapsed();
    await this.save(this.lastCheckpoint);
    this.#lastSavedStep = this.#step;
    run.log('checkpoint', { step: this.#step, directory: this.lastCheckpoint, reason });
  }

  #limitReached(seconds: number, guard: InterruptWatch | undefined): StopReason | undefined {
    if (guard?.signal) return 'interrupted';
    const { maxSteps, maxSeconds } = this.#options;
    if (maxSteps !== undefined && this.#step >= maxSteps) return 'max-steps';
    if (maxSeconds !== undefined && seconds >= maxSeconds) return 'max-seconds';
    return undefined;
  }

  #totalSteps(data: TrainingData): number | undefined {
    const perEpoch = batchesPerEpoch(data);
    const byEpochs =
      perEpoch !== undefined && this.#options.maxEpochs !== undefined
        ? perEpoch * this.#options.maxEpochs
        : undefined;
    const limits = [this.#options.maxSteps, byEpochs].filter((n): n is number => n !== undefined);
    return limits.length > 0 ? Math.min(...limits) : undefined;
  }

  #eta(
    totalSteps: number | undefined,
    stepsPerSecond: number,
    seconds: number,
  ): number | undefined {
    const byTime =
      this.#options.maxSeconds === undefined ? undefined : this.#options.maxSeconds - seconds;
    const bySteps =
      totalSteps === undefined || stepsPerSecond <= 0
        ? undefined
        : (totalSteps - this.#step) / stepsPerSecond;
    const known = [byTime, bySteps].filter((n): n is number => n !== undefined);
    return known.length > 0 ? Math.max(0, Math.min(...known)) : undefined;
  }

  #scheduleConfig() {
    const schedule = this.#options.schedule ?? { type: 'constant' as const };
    if (schedule.type === 'plateau' && schedule.mode === undefined) {
      const monitor = this.#options.evaluation?.monitor ?? 'loss';
      return { ...schedule, mode: monitor === 'loss' ? ('min' as const) : ('max' as const) };
    }
    return schedule;
  }

  #trainingState(): TrainingState {
    return {
      version: TRAINING_STATE_VERSION,
      step: this.#step,
      position: { ...this.#position },
      random: this.#random.getState(),
      loss: this.#loss.getState(),
      schedule: this.#schedule.getState(),
      learningRate: this.#learningRate,
      best: this.#best,
      evaluationsWithoutImprovement: this.#evaluationsWithoutImprovement,
      tokens: this.#tokens,
      seconds: this.#seconds,
    };
  }
}
