import { Random } from '@heed/core';
import { type SentencePair, type Splits, splitPairs } from '@heed/data';
import type { TokenizerPair } from '@heed/models';
import { trainTokenizers } from '../create-tokenizer';
import { type DataSource, dataSourceFromConfig, describeDataSource } from '../data/data-source';
import { type EncodedPairs, encodePairs, makeBatches } from '../data/encode-pairs';
import { oovRate } from '../data/oov-rate';
import {
  DATA_SEED,
  type DataConfig,
  describeDropped,
  type PrepareDataOptions,
  type PreparedData,
} from '../data/prepared-data';
import { RecipeError } from '../errors';
import type { RecipeConfig } from '../recipe-config';
import { loadPairs } from './load-pairs';

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
    throw new RecipeError(
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
    throw new RecipeError(`${describeDataSource(source)}: no training pairs left after the split`);
  }
  return { ...splits, source };
}

/**
 * Loads, splits, tokenizes and batches the config's data: tokenizers are
 * trained on the training split only; training pairs longer than `maxLength`
 * tokens on either side are dropped; batches hold at most `batchTokens` tokens.
 */
export async function prepareData(
  config: DataConfig &
    Pick<
      RecipeConfig,
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
    throw new RecipeError(
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
