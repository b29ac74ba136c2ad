import { Random, UNK_ID } from '@heed/core';
import { bucketBatches, type SentencePair, type Splits, splitPairs } from '@heed/data';
import type { TokenizerPair } from '@heed/models';
import type { TrainingBatch } from '@heed/train';
import type { NmtConfig } from '../config/nmt-config';
import { NmtError } from '../errors';
import { trainTokenizers } from '../tokenizers/create-tokenizer';
import {
  type DataSource,
  dataSourceFromConfig,
  describeDataSource,
  loadPairs,
} from './data-source';

/**
 * Corpora and splits are generated and shuffled with this fixed seed, not the
 * run's `seed`, so every run on the same data sees the same test set.
 */
export const DATA_SEED = 0;

/** Sentences as token ids, each ending in EOS (no BOS: the trainer and decoders add it). */
export interface EncodedPairs {
  source: number[][];
  target: number[][];
}

/** The config fields that decide which pairs a run reads and how they are split. */
export type DataConfig = Pick<
  NmtConfig,
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

/**
 * Loads the config's data and splits it into train, valid and test sets with
 * the fixed `DATA_SEED` (the same split every time). With `validSrc`/`validTgt`
 * (`testSrc`/`testTgt`) the validation (test) set comes from those files and
 * no validation (test) share is cut.
 */
export async function loadSplits(
  config: DataConfig,
): Promise<Splits<SentencePair> & { source: DataSource }> {
  const source = dataSourceFromConfig(config);
  const pairs = await loadPairs(source, {
    reverse: config.reverse,
    ...(config.corpusSize === undefined ? {} : { corpusSize: config.corpusSize }),
    seed: DATA_SEED,
  });
  const separateValid = config.validSrc !== undefined && config.validTgt !== undefined;
  const separateTest = config.testSrc !== undefined && config.testTgt !== undefined;
  let splits: Splits<SentencePair>;
  try {
    splits = splitPairs(pairs, {
      valid: separateValid ? 0 : config.validShare,
      test: separateTest ? 0 : config.testShare,
      seed: DATA_SEED,
    });
  } catch (error) {
    throw new NmtError(
      `${describeDataSource(source)}: cannot split ${pairs.length} pairs into valid=${config.validShare} and test=${config.testShare} (${(error as Error).message})`,
      { cause: error },
    );
  }
  if (separateValid) {
    splits.valid = await loadPairs(
      { kind: 'moses', source: config.validSrc as string, target: config.validTgt as string },
      { reverse: config.reverse },
    );
  }
  if (separateTest) {
    splits.test = await loadPairs(
      { kind: 'moses', source: config.testSrc as string, target: config.testTgt as string },
      { reverse: config.reverse },
    );
  }
  if (splits.train.length === 0) {
    throw new NmtError(`${describeDataSource(source)}: no training pairs left after the split`);
  }
  return { ...splits, source };
}

/** Encodes both sides of `pairs`, each sentence followed by EOS. */
export function encodePairs(
  pairs: readonly SentencePair[],
  tokenizers: TokenizerPair,
): EncodedPairs {
  return {
    source: pairs.map((pair) => tokenizers.source.encode(pair.source, { addEos: true })),
    target: pairs.map((pair) => tokenizers.target.encode(pair.target, { addEos: true })),
  };
}

/** Options of `makeBatches`. */
export interface MakeBatchesOptions {
  /** Most tokens per batch, padding included (examples × longest side). */
  batchTokens: number;
  /** Shuffle within length buckets and the order of batches. Defaults to true. */
  shuffle?: boolean;
  /** Defaults to 0. */
  seed?: number;
  /** Each epoch gets its own reproducible order. Defaults to 0. */
  epoch?: number;
  /** Reference texts (one per pair) for BLEU, carried into each batch. */
  references?: readonly string[];
}

/**
 * Cuts length-bucketed batches (`@heed/data`'s `bucketBatches`) of at most
 * `batchTokens` tokens. A pair longer than `batchTokens` on its own is left out.
 */
export function makeBatches(encoded: EncodedPairs, options: MakeBatchesOptions): TrainingBatch[] {
  const lengths = encoded.source.map((source, i) =>
    Math.max(source.length, encoded.target[i]?.length ?? 0),
  );
  const { batches } = bucketBatches(lengths, {
    maxTokens: options.batchTokens,
    shuffle: options.shuffle ?? true,
    seed: options.seed ?? 0,
    epoch: options.epoch ?? 0,
    oversized: 'skip',
  });
  return batches.map(({ indices }) => ({
    source: indices.map((i) => encoded.source[i] as number[]),
    target: indices.map((i) => encoded.target[i] as number[]),
    ...(options.references
      ? { references: indices.map((i) => options.references?.[i] as string) }
      : {}),
  }));
}

/** How much of a text side its tokenizer cannot represent (ids that are `<unk>`). */
export interface OovRate {
  tokens: number;
  unknownTokens: number;
  sentences: number;
  /** Sentences with at least one `<unk>`. */
  sentencesWithUnknown: number;
}

/** Held-out target tokens past this share out of vocabulary make `train` warn. */
export const OOV_WARNING_SHARE = 0.01;

/** Counts the `<unk>` ids `tokenizer` gives `texts`. */
export function oovRate(texts: readonly string[], tokenizer: TokenizerPair['source']): OovRate {
  const rate: OovRate = {
    tokens: 0,
    unknownTokens: 0,
    sentences: texts.length,
    sentencesWithUnknown: 0,
  };
  for (const text of texts) {
    const ids = tokenizer.encode(text);
    const unknown = ids.filter((id) => id === UNK_ID).length;
    rate.tokens += ids.length;
    rate.unknownTokens += unknown;
    if (unknown > 0) rate.sentencesWithUnknown++;
  }
  return rate;
}

/** `4.8% of 10234 tokens, 21.5% of 1000 sentences`. */
export function describeOov(rate: OovRate): string {
  const share = (part: number, whole: number) =>
    `${whole === 0 ? '0.0' : ((100 * part) / whole).toFixed(1)}%`;
  return `${share(rate.unknownTokens, rate.tokens)} of ${rate.tokens} tokens, ${share(rate.sentencesWithUnknown, rate.sentences)} of ${rate.sentences} sentences`;
}

/** Everything `train` needs: splits, tokenizers and batches. */
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
 * Loads, splits, tokenizes and batches the config's data: tokenizers are
 * trained on the training split only; training pairs longer than `maxLength`
 * tokens on either side are dropped; batches hold at most `batchTokens` tokens.
 */
export async function prepareData(
  config: DataConfig &
    Pick<
      NmtConfig,
      'tokenizer' | 'vocabSize' | 'lowercase' | 'maxLength' | 'batchTokens' | 'seed' | 'validSample'
    >,
  options: PrepareDataOptions = {},
): Promise<PreparedData> {
  const { source, ...splits } = await loadSplits(config);
  const tokenizers = options.tokenizers ?? trainTokenizers(splits.train, config);
  const encodedTrain = encodePairs(splits.train, tokenizers);
  const droppedBy = { maxLength: 0, batchTokens: 0 };
  const keep = encodedTrain.source.map((ids, i) => {
    const length = Math.max(ids.length, encodedTrain.target[i]?.length ?? 0);
    if (length > config.maxLength) droppedBy.maxLength++;
    else if (length > config.batchTokens) droppedBy.batchTokens++;
    else return true;
    return false;
  });
  const train = splits.train.filter((_, i) => keep[i]);
  if (train.length === 0) {
    throw new NmtError(
      `${describeDataSource(source)}: no training pair is left: ${describeDropped(droppedBy, config)}; raise --max-length or --batch-tokens`,
    );
  }
  const encoded: EncodedPairs = {
    source: encodedTrain.source.filter((_, i) => keep[i]),
    target: encodedTrain.target.filter((_, i) => keep[i]),
  };
  const validation = splits.valid;
  const heldOut = [...splits.valid, ...splits.test];
  const batchesOf = (pairs: SentencePair[]) =>
    makeBatches(encodePairs(pairs, tokenizers), {
      batchTokens: Math.max(config.batchTokens, longest(pairs, tokenizers)),
      shuffle: false,
      references: pairs.map((pair) => pair.target),
    });
  const validationBatches = validation.length === 0 ? [] : batchesOf(validation);
  const sample =
    config.validSample !== undefined && config.validSample < validation.length
      ? sampleOf(validation, config.validSample, config.seed)
      : undefined;
  return {
    source,
    splits: { ...splits, train },
    tokenizers,
    dropped: splits.train.length - train.length,
    droppedBy,
    oov: {
      source: oovRate(
        heldOut.map((pair) => pair.source),
        tokenizers.source,
      ),
      target: oovRate(
        heldOut.map((pair) => pair.target),
        tokenizers.target,
      ),
    },
    trainingData: (epoch) =>
      makeBatches(encoded, { batchTokens: config.batchTokens, seed: config.seed, epoch }),
    validationBatches,
    ...(sample ? { validationSampleBatches: batchesOf(sample) } : {}),
  };
}

/** `count` of `pairs` drawn without replacement by `seed`, in their original order. */
function sampleOf<T>(pairs: readonly T[], count: number, seed: number): T[] {
  const random = new Random(seed).fork('validation-sample');
  const indices = pairs.map((_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + random.int(indices.length - i);
    [indices[i], indices[j]] = [indices[j]!, indices[i]!];
  }
  return indices
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((i) => pairs[i]!);
}

/**
 * `droppedBy` in words: `3 longer than --max-length 100 tokens, 2 longer than
 * --batch-tokens 64` (the rules that dropped nothing are left out; both when
 * nothing was dropped).
 */
export function describeDropped(
  droppedBy: PreparedData['droppedBy'],
  config: Pick<NmtConfig, 'maxLength' | 'batchTokens'>,
): string {
  const parts = [
    [droppedBy.maxLength, `longer than --max-length ${config.maxLength} tokens`],
    [droppedBy.batchTokens, `longer than --batch-tokens ${config.batchTokens}`],
  ] as const;
  const shown = parts.filter(([count]) => count > 0);
  return (shown.length > 0 ? shown : parts).map(([count, why]) => `${count} ${why}`).join(', ');
}

/** The longest encoded side among `pairs`, so no validation pair is left out of a batch. */
function longest(pairs: readonly SentencePair[], tokenizers: TokenizerPair): number {
  let length = 1;
  for (const pair of pairs) {
    length = Math.max(
      length,
      tokenizers.source.encode(pair.source).length + 1,
      tokenizers.target.encode(pair.target).length + 1,
    );
  }
  return length;
}
