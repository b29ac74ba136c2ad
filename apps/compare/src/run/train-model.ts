import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromSpec, type TranslationModel } from '@heed/models';
import { type PreparedData, trainerOptions } from '@heed/recipe';
import {
  loadTranslationCheckpoint,
  readCheckpointConfig,
  recoverRunDirectory,
} from '@heed/recipe/node';
import { Trainer, type TrainerOptions } from '@heed/train';
import { InterruptedError, SignalRecorder } from '@heed/train/node';
import type { PlannedModel } from '../models/plan-models';
import type { TrainingSummary } from './model-result';
import { readCurves } from './read-curves';

/** Options of `trainModel`. */
export interface TrainModelOptions {
  /** The model's heed-nmt run directory. */
  runDirectory: string;
  /** The trainer's progress display. Defaults to `'auto'`. */
  progress?: TrainerOptions['progress'];
  /** Where progress goes. Defaults to `process.stderr`. */
  output?: NodeJS.WritableStream;
  /** Updates between plain progress lines. Defaults to 100. */
  logEvery?: number;
  /**
   * Stop after this many evaluations without a lower validation loss, and
   * return the best checkpoint's model. Defaults to none (train the whole
   * budget, return the last model).
   */
  patience?: number;
}

/**
 * Trains one model exactly as `heed-nmt train` would (same trainer options,
 * same checkpoints, so `heed-nmt translate -c <runDirectory>` works on it),
 * except that periodic evaluations measure the validation loss only: the
 * comparison decodes the test set once, at the end. With `patience`,
 * training stops early once the validation loss stops improving and the
 * model returned is the best checkpoint's. A run directory that already
 * holds a `last/` checkpoint is resumed from it, exactly. Returns the
 * trained model (the caller disposes it) and how training went; throws
 * an `InterruptedError` after SIGINT/SIGTERM, once the checkpoint is saved.
 */
export async function trainModel(
  planned: PlannedModel,
  data: PreparedData,
  options: TrainModelOptions,
): Promise<{ model: TranslationModel; training: TrainingSummary }> {
  const { runDirectory } = options;
  const model = modelFromSpec(planned.spec);
  const base = trainerOptions(planned.config, {
    data,
    spec: planned.spec,
    runDirectory,
    progress: options.progress ?? 'auto',
    ...(options.output ? { output: options.output } : {}),
  });
  // Loss only: the test set is decoded once, after training.
  const evaluation = base.evaluation && {
    ...base.evaluation,
    decode: false as const,
    detokenize: undefined,
    ...(options.patience === undefined ? {} : { patience: options.patience }),
  };
  const trainer = new Trainer(model, {
    ...base,
    ...(evaluation ? { evaluation } : {}),
    ...(options.logEvery === undefined ? {} : { logEvery: options.logEvery }),
  });
  const signals = new SignalRecorder();
  try {
    const last = join(runDirectory, 'last');
    for (const note of await recoverRunDirectory(runDirectory)) {
      options.output?.write(`${planned.name}: ${note}\n`);
    }
    if (existsSync(join(last, 'config.json'))) await trainer.resume(last);
    const result = await trainer.fit(data.trainingData);
    if (result.stopReason === 'interrupted') {
      const signal = signals.signal ?? 'SIGINT';
      throw new InterruptedError(
        signal,
        `interrupted by ${signal} while training '${planned.name}' at step ${result.steps}; its checkpoint is saved in ${result.lastCheckpoint}; run the same command again to resume`,
      );
    }
    const state = (await readCheckpointConfig(last)).training;
    const curves = await readCurves(runDirectory);
    const seconds = Math.max(0, (state?.seconds ?? 0) - curves.evaluationSeconds);
    const tokens = state?.tokens ?? 0;
    const best = options.patience === undefined ? null : result.best;
    let tested = model;
    if (best) {
      tested = (await loadTranslationCheckpoint(join(runDirectory, 'best'))).model;
      model.dispose();
    }
    return {
      model: tested,
      training: {
        steps: result.steps,
        stopReason: result.stopReason,
        tested: best
          ? { checkpoint: 'best', step: best.step }
          : { checkpoint: 'last', step: result.steps },
        seconds,
        tokens,
        tokensPerSecond: seconds > 0 ? tokens / seconds : 0,
        trainLoss: curves.trainLoss,
        validLoss: curves.validLoss,
      },
    };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    signals.dispose();
    trainer.dispose();
  }
}
