import type { SentencePair, Splits } from '@heed/data';
import type { TokenizerPair } from '@heed/models';
import type { TrainingBatch } from '@heed/train';
import type { RecipeConfig } from '../recipe-config';
import type { DataSource } from './data-source';
import type { OovRate } from './oov-rate';

/**
 * Corpora and splits are generated and shuffled with this fixed seed, not the
 * run's `seed`, so every run on the same data sees the same test set.
 */
export const DATA_SEED = 0;

/** The config fields that decide which pairs a run reads and how they are split. */
export type DataConfig = Pick<
  RecipeConfig,
  | 'data'
  | 'src'
  | 'tgt'
  | 'validSrc'
  | 'validTgt'
  | 'testSrc'
  | 'testTgt'
  | 'reverse'
  | 'corpusSize'
  | 'validShare'
  | 'testShare'
>;

/** Everything a training run needs: splits, tokenizers and batches. */
export interface PreparedData {
  source: DataSource;
  /** Train (after the length filter), valid and test pairs. */
  splits: Splits<SentencePair>;
  tokenizers: TokenizerPair;
  /** Training pairs dropped, in all (`droppedBy` says why). */
  dropped: number;
  /**
   * Training pairs dropped by each rule: longer than `maxLength` tokens on
   * either side, or (within `maxLength`) too long to fit a batch of
   * `batchTokens` tokens on its own.
   */
  droppedBy: { maxLength: number; batchTokens: number };
  /** Out-of-vocabulary rates of the held-out (validation and test) pairs, per side. */
  oov: { source: OovRate; target: OovRate };
  /** Epoch `e`'s training batches, the same for the same `e` (a resumed run sees the same order). */
  trainingData: (epoch: number) => TrainingBatch[];
  /** Validation batches in a fixed order, with the raw target texts as references; empty without a validation set. */
  validationBatches: TrainingBatch[];
  /**
   * With `validSample` below the validation set's size: the batches of that
   * many validation pairs, drawn at random with `seed` (the same sample all
   * run), which the evaluations during training use.
   */
  validationSampleBatches?: TrainingBatch[];
}

/** Options of `prepareData`. */
export interface PrepareDataOptions {
  /** Use these tokenizers (e.g. a checkpoint's) instead of training new ones. */
  tokenizers?: TokenizerPair;
}

/**
 * `droppedBy` in words: `3 longer than --max-length 100 tokens, 2 longer than
 * --batch-tokens 64` (the rules that dropped nothing are left out; both when
 * nothing was dropped).
 */
export function describeDropped(
  droppedBy: PreparedData['droppedBy'],
  config: Pick<RecipeConfig, 'maxLength' | 'batchTokens'>,
): string {
  const parts = [
    [droppedBy.maxLength, `longer than --max-length ${config.maxLength} tokens`],
    [droppedBy.batchTokens, `longer than --batch-tokens ${config.batchTokens}`],
  ] as const;
  const shown = parts.filter(([count]) => count > 0);
  return (shown.length > 0 ? shown : parts).map(([count, why]) => `${count} ${why}`).join(', ');
}
